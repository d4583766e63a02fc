import type { Stage, StageControlOption, StagePauseCheck, StageRunCondition } from '@bkci/pipeline-model';
import type { YamlPath } from '../../parse';
import { parseIf, RUN_WHEN_MATCH } from '../common/conditions';
import { DEFAULT_CHECKIN_TIMEOUT_HOURS } from '../common/defaults';
import { templateFromPath } from '../common/template-ref';
import type { YamlMap } from '../types';
import { asBool, asInt, asMap, asString, asStringList, ReadContext } from './context';
import { jobsToContainers } from './jobs';

/** The name BK-CI gives the stage it builds from `finally:`. */
export const FINALLY_STAGE_NAME = 'Finally';

/**
 * `stages:` → Stages. `firstIndex` is the number of the first one: stage ids are `stage-<n>` as BK-CI
 * rewrites them on save (a pipeline's trigger stage is stage-1, so its own stages start at 2).
 */
export function stagesToModel(ctx: ReadContext, stages: unknown, path: YamlPath, firstIndex: number): Stage[] {
  return (Array.isArray(stages) ? stages : []).map((stage, index) => {
    const id = `stage-${firstIndex + index}`;
    const map = asMap(stage);
    if (map.template !== undefined) {
      ctx.templateReference([...path, index, 'template']);
      return { id, containers: [], template: templateFromPath(String(map.template)) };
    }
    return stageToModel(ctx, map, [...path, index], id, `stage-${index + 1}`);
  });
}

export function stageToModel(ctx: ReadContext, stage: YamlMap, path: YamlPath, id: string, defaultName: string): Stage {
  const model: Stage = {
    id,
    name: asString(stage.name) ?? defaultName,
    tag: asStringList(stage.label) ?? [],
    fastKill: asBool(stage['fast-kill']) ?? false,
    finally: false,
    stageControlOption: stageControlOption(stage),
    containers: jobsToContainers(ctx, stage.jobs, [...path, 'jobs'], false),
  };
  const userId = asString(stage.id);
  if (userId !== undefined) model.stageIdForUser = userId;
  if (stage['check-in'] !== undefined) model.checkIn = checkIn(ctx, asMap(stage['check-in']), [...path, 'check-in']);
  return model;
}

/** `finally:` jobs → the last stage, flagged `finally`. */
export function finallyToModel(ctx: ReadContext, jobs: unknown, index: number): Stage {
  return {
    id: `stage-${index}`,
    name: FINALLY_STAGE_NAME,
    tag: [],
    fastKill: false,
    finally: true,
    stageControlOption: { enable: true },
    containers: jobsToContainers(ctx, jobs, ['finally'], true),
  };
}

function stageControlOption(stage: YamlMap): StageControlOption {
  const condition = parseIf(stage.if);
  let runCondition: StageRunCondition = 'AFTER_LAST_FINISHED';
  if (condition?.expression !== undefined) runCondition = 'CUSTOM_CONDITION_MATCH';
  else if (condition) runCondition = condition.mode === RUN_WHEN_MATCH ? 'CUSTOM_VARIABLE_MATCH' : 'CUSTOM_VARIABLE_MATCH_NOT_RUN';
  const option: StageControlOption = { enable: asBool(stage.enable) ?? true, runCondition };
  if (runCondition === 'CUSTOM_CONDITION_MATCH') option.customCondition = condition?.expression;
  if (condition?.customVariables) option.customVariables = condition.customVariables;
  return option;
}

/** `check-in.reviews` → a manual review before the stage (flows → review groups); gate variables are not carried. */
function checkIn(ctx: ReadContext, check: YamlMap, path: YamlPath): StagePauseCheck {
  const reviews = asMap(check.reviews);
  ctx.refuseKeys(reviews, ['variables', 'chat-id'], [...path, 'reviews']);
  const result: StagePauseCheck = {
    manualTrigger: true,
    reviewGroups: (Array.isArray(reviews.flows) ? reviews.flows : []).map((flow) => {
      const map = asMap(flow);
      return { name: String(map.name), reviewers: asStringList(map.reviewers) ?? [], groups: asStringList(map.groups) ?? [] };
    }),
    timeout: asInt(check['timeout-hours']) ?? DEFAULT_CHECKIN_TIMEOUT_HOURS,
  };
  const description = asString(reviews.description);
  if (description !== undefined) result.reviewDesc = description;
  if (reviews['content-format'] !== undefined) result.markdownContent = reviews['content-format'] === 'markdown';
  const notifyType = asStringList(reviews['notify-type']);
  if (notifyType) result.notifyType = notifyType;
  return result;
}
