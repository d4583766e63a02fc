import { CONTAINER_TYPES, DEPEND_ON_TYPES, JOB_RUN_CONDITIONS, VM_BASE_OS } from '../enums';
import { at, Checker, isObject, Json, UniqueIds } from './checks';
import { ElementHost, validateElement, validateTemplateDescriptor } from './validate-element';
import { validateBuildNo, validateParams } from './validate-params';

/** Ids that must be unique across the whole model. */
export interface ModelIds {
  containerIds: UniqueIds;
  containerHashIds: UniqueIds;
  jobIds: UniqueIds;
  elementIds: UniqueIds;
}

export function validateContainer(
  c: Checker,
  container: unknown,
  path: string,
  inTriggerStage: boolean,
  ids: ModelIds,
): void {
  if (!isObject(container)) {
    c.add(path, 'must be an object (a container with an @type)');
    return;
  }
  const type = c.oneOf(container, '@type', CONTAINER_TYPES, path, { required: true });
  ids.containerIds.check(c.string(container, 'id', path), at(path, 'id'));
  c.string(container, 'containerId', path);
  ids.containerHashIds.check(c.string(container, 'containerHashId', path), at(path, 'containerHashId'));
  const jobId = c.string(container, 'jobId', path);
  if (jobId !== undefined && jobId.length > 64) c.add(at(path, 'jobId'), 'must be at most 64 characters');
  ids.jobIds.check(jobId, at(path, 'jobId'));
  c.string(container, 'name', path);
  if (type === undefined) return;

  if (inTriggerStage && type !== 'trigger') {
    c.add(at(path, '@type'), `must be "trigger" in the trigger stage (stages[0]), not "${type}"`);
  } else if (!inTriggerStage && type === 'trigger') {
    c.add(at(path, '@type'), 'a trigger container is only allowed in stages[0]');
  }

  switch (type) {
    case 'trigger':
      validateParams(c, container, path);
      validateBuildNo(c, container, path);
      break;
    case 'vmBuild':
      c.oneOf(container, 'baseOS', VM_BASE_OS, path, { required: true });
      validateDispatch(c, container, path);
      c.nameValues(container, 'customEnv', path);
      validateJobOptions(c, container, path);
      break;
    case 'normal':
      validateJobOptions(c, container, path);
      break;
    case 'jobTemplate': {
      const template = c.object(container, 'template', path);
      if (template) validateTemplateDescriptor(c, template, at(path, 'template'));
      break;
    }
  }
  const elements = c.array(container, 'elements', path, { required: type !== 'jobTemplate' });
  const scope = { elementIds: ids.elementIds, stepIds: new UniqueIds(c, 'step id') };
  elements?.forEach((element, index) =>
    validateElement(c, element, at(at(path, 'elements'), index), type as ElementHost, scope),
  );
}

function validateDispatch(c: Checker, container: Json, path: string): void {
  const dispatch = c.object(container, 'dispatchType', path);
  if (!dispatch) return;
  const here = at(path, 'dispatchType');
  c.string(dispatch, 'buildType', here, { required: true, nonEmpty: true });
  c.string(dispatch, 'value', here);
}

function validateJobOptions(c: Checker, container: Json, path: string): void {
  c.integer(container, 'maxQueueMinutes', path, { min: 0 });
  c.integer(container, 'maxRunningMinutes', path, { min: 0 });
  const control = c.object(container, 'jobControlOption', path);
  if (control) {
    const here = at(path, 'jobControlOption');
    c.boolean(control, 'enable', here);
    c.oneOf(control, 'runCondition', JOB_RUN_CONDITIONS, here);
    c.integer(control, 'timeout', here, { min: 0 });
    c.integer(control, 'prepareTimeout', here, { min: 0 });
    c.string(control, 'timeoutVar', here);
    c.string(control, 'customCondition', here);
    c.nameValues(control, 'customVariables', here);
    c.oneOf(control, 'dependOnType', DEPEND_ON_TYPES, here);
    c.stringArray(control, 'dependOnId', here);
    c.string(control, 'dependOnName', here);
    c.boolean(control, 'continueWhenFailed', here);
  }
  const mutex = c.object(container, 'mutexGroup', path);
  if (mutex) {
    const here = at(path, 'mutexGroup');
    c.boolean(mutex, 'enable', here);
    c.string(mutex, 'mutexGroupName', here);
    c.boolean(mutex, 'queueEnable', here);
    c.integer(mutex, 'queue', here, { min: 0 });
    c.integer(mutex, 'timeout', here, { min: 0 });
  }
  const matrix = c.object(container, 'matrixControlOption', path);
  if (matrix) {
    const here = at(path, 'matrixControlOption');
    c.string(matrix, 'strategyStr', here);
    c.integer(matrix, 'maxConcurrency', here, { min: 1 });
  }
}
