import type { Model } from '../model.types';
import { STAGE_RUN_CONDITIONS } from '../enums';
import { at, Checker, isObject, Json, ModelIssue, UniqueIds } from './checks';
import { ModelIds, validateContainer } from './validate-container';
import { validateTemplateDescriptor } from './validate-element';
import { knownModelFields } from '../known-fields';

export type ValidateModelResult = { ok: true; model: Model } | { ok: false; errors: ModelIssue[] };

/**
 * Checks that `json` is a BK-CI pipeline Model: shape, `@type` discriminators, the trigger stage,
 * the finally stage, enum values and unique ids. Every problem is reported with its JSON path
 * (`stages[1].containers[0].elements[2].@type`). A valid Model comes back with only the top-level
 * fields BK-CI's Model declares (as BK-CI reads it); `json` itself is not changed.
 */
export function validateModel(json: unknown): ValidateModelResult {
  const c = new Checker();
  if (!isObject(json)) {
    c.add('', 'a Model must be a JSON object');
    return { ok: false, errors: c.issues };
  }
  c.string(json, 'name', '', { required: true });
  c.string(json, 'desc', '');
  c.stringArray(json, 'labels', '');
  c.boolean(json, 'instanceFromTemplate', '');
  const template = c.object(json, 'template', '');
  if (template) validateTemplateDescriptor(c, template, 'template');
  const stages = c.array(json, 'stages', '', { required: true, nonEmpty: true });
  if (stages) validateStages(c, stages);
  return c.issues.length === 0 ? { ok: true, model: knownModelFields(json) as Model } : { ok: false, errors: c.issues };
}

function validateStages(c: Checker, stages: unknown[]): void {
  const ids: ModelIds = {
    containerIds: new UniqueIds(c, 'container id'),
    containerHashIds: new UniqueIds(c, 'containerHashId'),
    jobIds: new UniqueIds(c, 'job id'),
    elementIds: new UniqueIds(c, 'element id'),
  };
  const stageIds = new UniqueIds(c, 'stage id');
  const userStageIds = new UniqueIds(c, 'stage id (stageIdForUser)');
  stages.forEach((stage, index) => {
    const path = at('stages', index);
    if (!isObject(stage)) return c.add(path, 'must be an object (a stage)');
    stageIds.check(c.string(stage, 'id', path), at(path, 'id'));
    userStageIds.check(c.string(stage, 'stageIdForUser', path), at(path, 'stageIdForUser'));
    validateStage(c, stage, path, index, stages.length);
    const containers = c.array(stage, 'containers', path, { required: true });
    if (!containers) return;
    if (index === 0 && containers.length !== 1) {
      c.add(at(path, 'containers'), 'the trigger stage must hold exactly one trigger container');
    } else if (index > 0 && containers.length === 0 && !isObject(stage.template)) {
      c.add(at(path, 'containers'), 'a stage needs at least one job');
    }
    containers.forEach((container, ci) =>
      validateContainer(c, container, at(at(path, 'containers'), ci), index === 0, ids),
    );
  });
}

function validateStage(c: Checker, stage: Json, path: string, index: number, count: number): void {
  c.string(stage, 'name', path);
  c.stringArray(stage, 'tag', path);
  c.boolean(stage, 'fastKill', path);
  const isFinally = c.boolean(stage, 'finally', path);
  if (isFinally && index === 0) c.add(at(path, 'finally'), 'the trigger stage cannot be a finally stage');
  else if (isFinally && index !== count - 1) c.add(at(path, 'finally'), 'only the last stage may be a finally stage');
  const control = c.object(stage, 'stageControlOption', path);
  if (control) {
    const here = at(path, 'stageControlOption');
    c.boolean(control, 'enable', here);
    c.oneOf(control, 'runCondition', STAGE_RUN_CONDITIONS, here);
    c.string(control, 'customCondition', here);
    c.nameValues(control, 'customVariables', here);
  }
  for (const key of ['checkIn', 'checkOut']) {
    const check = c.object(stage, key, path);
    if (!check) continue;
    const here = at(path, key);
    c.boolean(check, 'manualTrigger', here);
    c.integer(check, 'timeout', here, { min: 0 });
    const groups = c.array(check, 'reviewGroups', here);
    groups?.forEach((group, gi) => {
      const groupPath = at(at(here, 'reviewGroups'), gi);
      if (!isObject(group)) return c.add(groupPath, 'must be an object (a review group)');
      c.string(group, 'name', groupPath, { required: true });
      c.stringArray(group, 'reviewers', groupPath);
    });
  }
  const template = c.object(stage, 'template', path);
  if (template) validateTemplateDescriptor(c, template, at(path, 'template'));
}
