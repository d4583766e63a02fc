import { RUN_CONDITIONS, TEMPLATE_REF_TYPES, TRIGGER_ELEMENT_TYPES } from '../enums';
import { at, Checker, isObject, Json, UniqueIds } from './checks';

/** Element kinds that need a build machine and so cannot sit in an agentless (`normal`) job. */
const AGENT_ONLY = new Set(['linuxScript', 'windowsScript', 'marketBuild']);

export type ElementHost = 'trigger' | 'vmBuild' | 'normal' | 'jobTemplate';

export interface ElementScope {
  elementIds: UniqueIds;
  stepIds: UniqueIds;
}

export function validateElement(c: Checker, element: unknown, path: string, host: ElementHost, ids: ElementScope): void {
  if (!isObject(element)) {
    c.add(path, 'must be an object (an element with an @type)');
    return;
  }
  const type = c.string(element, '@type', path, { required: true, nonEmpty: true });
  c.string(element, 'name', path);
  ids.elementIds.check(c.string(element, 'id', path), at(path, 'id'));
  ids.stepIds.check(c.string(element, 'stepId', path), at(path, 'stepId'));
  c.string(element, 'version', path);
  c.nameValues(element, 'customEnv', path);
  const options = c.object(element, 'additionalOptions', path);
  if (options) validateAdditionalOptions(c, options, at(path, 'additionalOptions'));
  if (type === undefined) return;

  const isTrigger = (TRIGGER_ELEMENT_TYPES as readonly string[]).includes(type);
  if (host === 'trigger' && !isTrigger) {
    c.add(at(path, '@type'), `"${type}" is not a trigger; the trigger container holds trigger elements only`);
  } else if (host !== 'trigger' && isTrigger) {
    c.add(at(path, '@type'), `"${type}" is a trigger; triggers belong in the trigger container (stages[0])`);
  } else if (host === 'normal' && AGENT_ONLY.has(type)) {
    c.add(at(path, '@type'), `"${type}" needs a build machine; it cannot run in an agentless (normal) job`);
  }
  validateKind(c, element, type, path);
}

function validateAdditionalOptions(c: Checker, options: Json, path: string): void {
  c.boolean(options, 'enable', path);
  c.boolean(options, 'continueWhenFailed', path);
  c.boolean(options, 'manualSkip', path);
  c.boolean(options, 'retryWhenFailed', path);
  c.integer(options, 'retryCount', path, { min: 0 });
  c.boolean(options, 'manualRetry', path);
  c.integer(options, 'timeout', path, { min: 0 });
  c.string(options, 'timeoutVar', path);
  c.oneOf(options, 'runCondition', RUN_CONDITIONS, path);
  c.boolean(options, 'pauseBeforeExec', path);
  c.string(options, 'customCondition', path);
  c.nameValues(options, 'customVariables', path);
}

function validateKind(c: Checker, element: Json, type: string, path: string): void {
  switch (type) {
    case 'linuxScript':
    case 'windowsScript':
      c.string(element, 'script', path, { required: true });
      c.string(element, 'scriptType', path);
      return;
    case 'marketBuild':
    case 'marketBuildLess': {
      c.string(element, 'atomCode', path, { required: true, nonEmpty: true });
      c.string(element, 'version', path, { required: true, nonEmpty: true });
      const data = c.object(element, 'data', path, { required: true });
      if (data) {
        c.object(data, 'input', at(path, 'data'));
        c.object(data, 'output', at(path, 'data'));
        c.string(data, 'namespace', at(path, 'data'));
      }
      return;
    }
    case 'manualReviewUserTask':
      c.stringArray(element, 'reviewUsers', path, { required: true });
      c.array(element, 'params', path);
      return;
    case 'subPipelineCall':
      c.string(element, 'subPipelineId', path, { required: true });
      return;
    case 'stepTemplate': {
      const template = c.object(element, 'template', path, { required: true });
      if (template) validateTemplateDescriptor(c, template, at(path, 'template'));
      return;
    }
    case 'timerTrigger':
      c.stringArray(element, 'newExpression', path);
      c.stringArray(element, 'advanceExpression', path);
      c.stringArray(element, 'branches', path);
      return;
    case 'manualTrigger':
      c.boolean(element, 'canElementSkip', path);
      c.boolean(element, 'useLatestParameters', path);
      return;
    default:
      return;
  }
}

export function validateTemplateDescriptor(c: Checker, template: Json, path: string): void {
  const refType = c.oneOf(template, 'templateRefType', TEMPLATE_REF_TYPES, path, { required: true });
  if (refType === 'ID') c.string(template, 'templateId', path, { required: true, nonEmpty: true });
  if (refType === 'PATH') c.string(template, 'templatePath', path, { required: true, nonEmpty: true });
  const variables = c.array(template, 'templateVariables', path);
  variables?.forEach((variable, index) => {
    const itemPath = at(at(path, 'templateVariables'), index);
    if (!isObject(variable)) return c.add(itemPath, 'must be an object with a key');
    c.string(variable, 'key', itemPath, { required: true, nonEmpty: true });
  });
}
