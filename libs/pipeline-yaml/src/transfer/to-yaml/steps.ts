import { Element, ElementAdditionalOptions, isElementOf } from '@bkci/pipeline-model';
import { ifFromVariables, RUN_WHEN_MATCH, SKIP_WHEN_MATCH } from '../common/conditions';
import { DEFAULT_STEP_TIMEOUT_MINUTES, joinTimeout, SCRIPT_VERSION } from '../common/defaults';
import { envToYaml } from '../common/env';
import { pathOfTemplate } from '../common/template-ref';
import { CHECKOUT_ATOM } from '../to-model/steps';
import type { YamlMap } from '../types';

const STEP_IF_KEYWORDS: Record<string, string> = {
  PRE_TASK_FAILED_BUT_CANCEL: 'ALWAYS_UNLESS_CANCELLED',
  PRE_TASK_FAILED_EVEN_CANCEL: 'ALWAYS',
  PRE_TASK_FAILED_ONLY: 'FAILURE',
};

/** Elements → `steps:` items (BK-CI `ElementTransfer.model2YamlSteps`). */
export function elementsToSteps(elements: Element[], path: string): YamlMap[] {
  return elements.map((element, index) => elementToStep(element, `${path}[${index}]`));
}

function elementToStep(element: Element, path: string): YamlMap {
  if (isElementOf(element, 'stepTemplate')) return { template: pathOfTemplate(element.template, `${path}.template`) };
  const step: YamlMap = { name: element.name };
  if (element.stepId) step.id = element.stepId;
  Object.assign(step, body(element));
  Object.assign(step, options(element.additionalOptions));
  const env = envToYaml(element.customEnv);
  if (env) step.env = env;
  return step;
}

function body(element: Element): YamlMap {
  const type = element['@type'];
  // BK-CI's Element.version defaults to 1.*; a model may leave it out.
  const version = element.version ?? SCRIPT_VERSION;
  if (type === 'linuxScript') {
    const plain = version === SCRIPT_VERSION && element.scriptType === 'SHELL' && !element.continueNoneZero && !element.enableArchiveFile && !element.archiveFile;
    if (plain) return { run: element.script };
    const input: YamlMap = { script: element.script, continueNoneZero: element.continueNoneZero ?? false, enableArchiveFile: element.enableArchiveFile ?? false };
    if (element.archiveFile) input.archiveFile = element.archiveFile;
    return { uses: `linuxScript@${version}`, with: input };
  }
  if (type === 'windowsScript') {
    if (version === SCRIPT_VERSION) return { run: element.script, shell: 'cmd' };
    return { uses: `windowsScript@${version}`, with: { script: element.script } };
  }
  const data = (element.data ?? {}) as { input?: YamlMap };
  const input = { ...(data.input ?? {}) };
  if (element.atomCode === CHECKOUT_ATOM && version === SCRIPT_VERSION && input.repositoryType !== undefined) {
    return { checkout: checkoutTarget(input), ...withOf(input) };
  }
  return { uses: `${String(element.atomCode)}@${version}`, ...withOf(input) };
}

/** The repository inputs of the checkout plugin, taken out of `input`, as `checkout:`. */
function checkoutTarget(input: YamlMap): unknown {
  const { repositoryType, repositoryUrl, repositoryHashId, repositoryName } = input;
  for (const key of ['repositoryType', 'repositoryUrl', 'repositoryHashId', 'repositoryName']) delete input[key];
  if (repositoryType === 'SELF') return 'self';
  if (repositoryType === 'URL') return repositoryUrl;
  if (repositoryType === 'ID') return { 'repo-id': repositoryHashId };
  return { 'repo-name': repositoryName };
}

function withOf(input: YamlMap): YamlMap {
  return Object.keys(input).length > 0 ? { with: input } : {};
}

function options(options: ElementAdditionalOptions | null | undefined): YamlMap {
  if (!options) return {};
  const step: YamlMap = {};
  if (options.enable === false) step.enable = false;
  const condition = options.runCondition;
  if (condition === 'CUSTOM_CONDITION_MATCH') step.if = options.customCondition;
  else if (condition === 'CUSTOM_VARIABLE_MATCH') step.if = ifFromVariables(RUN_WHEN_MATCH, options.customVariables);
  else if (condition === 'CUSTOM_VARIABLE_MATCH_NOT_RUN') step.if = ifFromVariables(SKIP_WHEN_MATCH, options.customVariables);
  else if (condition && STEP_IF_KEYWORDS[condition]) step.if = STEP_IF_KEYWORDS[condition];
  const timeout = joinTimeout(options.timeout, options.timeoutVar, DEFAULT_STEP_TIMEOUT_MINUTES);
  if (timeout !== undefined) step['timeout-minutes'] = timeout;
  if (options.manualSkip) step['continue-on-error'] = 'MANUAL_SKIP';
  else if (options.continueWhenFailed) step['continue-on-error'] = true;
  if (options.retryWhenFailed && options.retryCount) step['retry-times'] = options.retryCount;
  return step;
}
