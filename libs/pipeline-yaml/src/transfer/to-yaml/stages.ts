import type { Stage, StagePauseCheck } from '@bkci/pipeline-model';
import { ifFromVariables, RUN_WHEN_MATCH, SKIP_WHEN_MATCH } from '../common/conditions';
import { DEFAULT_CHECKIN_TIMEOUT_HOURS } from '../common/defaults';
import { pathOfTemplate } from '../common/template-ref';
import type { YamlMap } from '../types';
import { containersToJobs } from './jobs';

/** Stages → `stages:` items (BK-CI `StageTransfer.model2YamlStage`); `firstIndex` is the JSON index of `stages[0]`. */
export function stagesToYaml(stages: Stage[], firstIndex: number): YamlMap[] {
  return stages.map((stage, index) => stageToYaml(stage, `stages[${firstIndex + index}]`));
}

function stageToYaml(stage: Stage, path: string): YamlMap {
  if (stage.template) return { template: pathOfTemplate(stage.template, `${path}.template`) };
  const yaml: YamlMap = {};
  if (stage.name) yaml.name = stage.name;
  if (stage.stageIdForUser) yaml.id = stage.stageIdForUser;
  if (stage.tag && stage.tag.length > 0) yaml.label = stage.tag;
  const control = stage.stageControlOption;
  if (control?.enable === false) yaml.enable = false;
  if (control?.runCondition === 'CUSTOM_CONDITION_MATCH') yaml.if = control.customCondition;
  if (control?.runCondition === 'CUSTOM_VARIABLE_MATCH') yaml.if = ifFromVariables(RUN_WHEN_MATCH, control.customVariables);
  if (control?.runCondition === 'CUSTOM_VARIABLE_MATCH_NOT_RUN') yaml.if = ifFromVariables(SKIP_WHEN_MATCH, control.customVariables);
  if (stage.fastKill) yaml['fast-kill'] = true;
  if (stage.checkIn?.manualTrigger) yaml['check-in'] = checkInToYaml(stage.checkIn);
  yaml.jobs = containersToJobs(stage.containers, `${path}.containers`);
  return yaml;
}

function checkInToYaml(check: StagePauseCheck): YamlMap {
  const reviews: YamlMap = {
    flows: (check.reviewGroups ?? []).map((group) => ({
      name: group.name,
      ...(group.reviewers.length > 0 && { reviewers: group.reviewers }),
      ...(group.groups && group.groups.length > 0 && { groups: group.groups }),
    })),
  };
  if (check.reviewDesc) reviews.description = check.reviewDesc;
  if (check.markdownContent != null) reviews['content-format'] = check.markdownContent ? 'markdown' : 'text';
  if (check.notifyType) reviews['notify-type'] = check.notifyType;
  const yaml: YamlMap = { reviews };
  if (check.timeout != null && check.timeout !== DEFAULT_CHECKIN_TIMEOUT_HOURS) yaml['timeout-hours'] = check.timeout;
  return yaml;
}
