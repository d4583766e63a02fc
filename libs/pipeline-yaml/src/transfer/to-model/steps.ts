import type { Element, ElementAdditionalOptions, RunCondition } from '@bkci/pipeline-model';
import type { YamlPath } from '../../parse';
import { parseIf, RUN_WHEN_MATCH } from '../common/conditions';
import { DEFAULT_STEP_TIMEOUT_MINUTES, SCRIPT_VERSION, splitTimeout } from '../common/defaults';
import { envToModel } from '../common/env';
import { templateFromPath } from '../common/template-ref';
import type { YamlMap } from '../types';
import { asBool, asInt, asMap, asString, ReadContext } from './context';

/** Step keywords of `if:` (BK-CI `IfType`) and the run condition each stands for. */
const STEP_IF_KEYWORDS: Record<string, RunCondition> = {
  ALWAYS_UNLESS_CANCELLED: 'PRE_TASK_FAILED_BUT_CANCEL',
  ALWAYS: 'PRE_TASK_FAILED_EVEN_CANCEL',
  FAILURE: 'PRE_TASK_FAILED_ONLY',
};

/** The checkout plugin BK-CI's `checkout:` step stands for. */
export const CHECKOUT_ATOM = 'checkout';

export function stepsToElements(ctx: ReadContext, steps: unknown, path: YamlPath, agentless: boolean): Element[] {
  return (Array.isArray(steps) ? steps : []).map((step, index) => stepToElement(ctx, asMap(step), [...path, index], agentless));
}

function stepToElement(ctx: ReadContext, step: YamlMap, path: YamlPath, agentless: boolean): Element {
  if (step.template !== undefined) {
    ctx.templateReference([...path, 'template']);
    return { '@type': 'stepTemplate', template: templateFromPath(String(step.template)) };
  }
  ctx.refuseKeys(step, ['namespace', 'pause-notice-receivers', 'can-pause-before-run', 'can-manually-retry'], path);
  const element = buildElement(ctx, step, path, agentless);
  const stepId = asString(step.id);
  if (stepId !== undefined) element.stepId = stepId;
  element.additionalOptions = additionalOptions(step);
  const customEnv = envToModel(step.env);
  if (customEnv) element.customEnv = customEnv;
  return element;
}

function buildElement(ctx: ReadContext, step: YamlMap, path: YamlPath, agentless: boolean): Element {
  const input = asMap(step.with);
  if (step.run !== undefined) {
    // `run:` becomes a built-in script element, readable without the plugin store (BK-CI uses a configured "run" plugin).
    const script = String(step.run);
    if (step.shell === 'cmd') return windowsScript(asString(step.name), script, SCRIPT_VERSION);
    return linuxScript(asString(step.name), script, SCRIPT_VERSION, input);
  }
  if (step.checkout !== undefined) return checkout(step, input);
  const uses = String(step.uses);
  const at = uses.lastIndexOf('@');
  const [atomCode, version] = [uses.slice(0, at), uses.slice(at + 1)];
  const name = asString(step.name) ?? atomCode;
  if (atomCode === 'linuxScript') return linuxScript(name, String(input.script ?? ''), version, input);
  if (atomCode === 'windowsScript') return windowsScript(name, String(input.script ?? ''), version);
  if (atomCode === 'manualReviewUserTask') ctx.fail([...path, 'uses'], 'manual review steps are not supported by the Model transfer yet');
  return { '@type': agentless ? 'marketBuildLess' : 'marketBuild', name, atomCode, version, data: { input } };
}

function linuxScript(name: string | undefined, script: string, version: string, input: YamlMap): Element {
  return {
    '@type': 'linuxScript',
    name: name ?? 'linuxScript',
    version,
    scriptType: 'SHELL',
    script,
    continueNoneZero: asBool(input.continueNoneZero) ?? false,
    enableArchiveFile: asBool(input.enableArchiveFile) ?? false,
    archiveFile: asString(input.archiveFile) ?? null,
  };
}

function windowsScript(name: string | undefined, script: string, version: string): Element {
  return { '@type': 'windowsScript', name: name ?? 'windowsScript', version, scriptType: 'BAT', script };
}

/** `checkout: self | <url>` or `{repo-id | repo-name}` → the checkout plugin with its repository inputs. */
function checkout(step: YamlMap, input: YamlMap): Element {
  const target = step.checkout;
  const repository: YamlMap =
    target === 'self'
      ? { repositoryType: 'SELF' }
      : typeof target === 'string'
        ? { repositoryType: 'URL', repositoryUrl: target }
        : asMap(target)['repo-id'] !== undefined
          ? { repositoryType: 'ID', repositoryHashId: String(asMap(target)['repo-id']) }
          : { repositoryType: 'NAME', repositoryName: String(asMap(target)['repo-name']) };
  return {
    '@type': 'marketBuild',
    name: asString(step.name) ?? CHECKOUT_ATOM,
    atomCode: CHECKOUT_ATOM,
    version: SCRIPT_VERSION,
    data: { input: { ...input, ...repository } },
  };
}

function additionalOptions(step: YamlMap): ElementAdditionalOptions {
  const condition = parseIf(step.if);
  let runCondition: RunCondition = 'PRE_TASK_SUCCESS';
  if (condition?.expression !== undefined) runCondition = STEP_IF_KEYWORDS[condition.expression] ?? 'CUSTOM_CONDITION_MATCH';
  else if (condition) runCondition = condition.mode === RUN_WHEN_MATCH ? 'CUSTOM_VARIABLE_MATCH' : 'CUSTOM_VARIABLE_MATCH_NOT_RUN';
  const continueOnError = step['continue-on-error'];
  const retryTimes = asInt(step['retry-times']) ?? 0;
  const options: ElementAdditionalOptions = {
    enable: asBool(step.enable) ?? true,
    continueWhenFailed: continueOnError === true || continueOnError === 'MANUAL_SKIP',
    manualSkip: continueOnError === 'MANUAL_SKIP',
    retryWhenFailed: retryTimes > 0,
    retryCount: retryTimes,
    ...splitTimeout(step['timeout-minutes'], DEFAULT_STEP_TIMEOUT_MINUTES),
    runCondition,
  };
  if (runCondition === 'CUSTOM_CONDITION_MATCH') options.customCondition = condition?.expression;
  if (condition?.customVariables) options.customVariables = condition.customVariables;
  return options;
}
