import type { Element } from '@bkci/pipeline-model';
import { modelFormatError } from '../common/template-ref';
import * as T from '../common/triggers';
import type { YamlMap } from '../types';

const SCM_TYPES = Object.fromEntries(Object.entries(T.SCM_ELEMENT_TYPES).map(([scm, element]) => [element, scm]));
const split = (text: unknown): string[] | undefined => (typeof text === 'string' && text !== '' ? text.split(',') : undefined);

/**
 * Trigger elements → `on:` (BK-CI `TemplateModelTransfer.makeTriggerOn`): manual/timer/remote form the
 * base rule set, webhooks one set per repository. With one repository the base merges into it; with
 * several the base comes first in a list. A lone default manual trigger is what no `on:` means.
 */
export function triggersToOn(elements: Element[], path: string): unknown {
  if (elements.length === 1 && isDefaultManual(elements[0])) return undefined;
  const base: YamlMap = {};
  const repos = new Map<string, YamlMap>();
  elements.forEach((element, index) => {
    const type = element['@type'];
    if (type === 'manualTrigger') base.manual = manual(element);
    else if (type === 'remoteTrigger') base.remote = element.additionalOptions?.enable === false ? 'disabled' : 'enabled';
    else if (type === 'timerTrigger') base.schedules = [...((base.schedules as YamlMap[]) ?? []), timer(element)];
    else if (SCM_TYPES[type]) addWebhook(repos, element);
    else throw modelFormatError(`${path}[${index}].@type`, `"${type}" has no v3.0 trigger form in this transfer`);
  });
  if (Array.isArray(base.schedules) && base.schedules.length === 1) base.schedules = base.schedules[0];
  const sets = [...repos.values()];
  if (sets.length === 0) return base;
  if (sets.length === 1) return { ...sets[0], ...base };
  return Object.keys(base).length > 0 ? [base, ...sets] : sets;
}

function isDefaultManual(element: Element): boolean {
  const keys = Object.keys(element).filter((key) => element[key] !== undefined && element[key] !== null);
  return element['@type'] === 'manualTrigger' && element.name === T.DEFAULT_TRIGGER_NAMES.manualTrigger && keys.length === 2;
}

function common(element: Element, defaultName: string): YamlMap {
  const rule: YamlMap = {};
  if (element.name && element.name !== defaultName) rule.name = element.name;
  if (element.stepId) rule.id = element.stepId;
  if (element.additionalOptions?.enable === false) rule.enable = false;
  return rule;
}

function manual(element: Element): unknown {
  const rule = common(element, T.DEFAULT_TRIGGER_NAMES.manualTrigger);
  delete rule.enable;
  if (element.canElementSkip != null) rule['can-skip-step'] = element.canElementSkip;
  if (element.useLatestParameters != null) rule['use-latest-inputs'] = element.useLatestParameters;
  const disabled = element.additionalOptions?.enable === false;
  if (Object.keys(rule).length === 0) return disabled ? 'disabled' : 'enabled';
  if (disabled) rule.enable = false;
  return rule;
}

function timer(element: Element): YamlMap {
  const rule = common(element, T.DEFAULT_TRIGGER_NAMES.timerTrigger);
  rule.cron = element.newExpression ?? [];
  if (element.branches) rule.branches = element.branches;
  if (element.noScm === false) rule.always = true;
  if (element.repositoryType) rule['repo-type'] = element.repositoryType;
  if (element.repoHashId) rule['repo-id'] = element.repoHashId;
  if (element.repoName) rule['repo-name'] = element.repoName;
  return rule;
}

function addWebhook(repos: Map<string, YamlMap>, element: Element): void {
  const type = SCM_TYPES[element['@type']];
  const repoName = element.repositoryType === 'NAME' ? String(element.repositoryName) : undefined;
  const key = `${type}:${repoName ?? ''}`;
  const set = repos.get(key) ?? { ...(repoName && { 'repo-name': repoName }), ...(type !== 'git' || repoName ? { type } : {}) };
  repos.set(key, set);
  const rule = common(element, T.DEFAULT_TRIGGER_NAMES.webhook);
  const put = (yamlKey: string, value: unknown, skip?: unknown): void => {
    if (value !== undefined && value !== null && JSON.stringify(value) !== JSON.stringify(skip)) rule[yamlKey] = value;
  };
  if (element.eventType === 'PUSH') {
    put('branches', split(element.branchName));
    put('branches-ignore', split(element.excludeBranchName));
    put('paths', split(element.includePaths));
    put('paths-ignore', split(element.excludePaths));
    put('path-filter-type', element.pathFilterType, T.DEFAULT_PATH_FILTER);
    put('action', element.includePushAction, T.DEFAULT_PUSH_ACTIONS);
  } else if (element.eventType === 'TAG_PUSH') {
    put('tags', split(element.tagName));
    put('tags-ignore', split(element.excludeTagName));
    put('from-branches', split(element.fromBranches));
    put('action', element.includeTagAction);
  } else {
    put('target-branches', split(element.branchName));
    put('target-branches-ignore', split(element.excludeBranchName));
    put('source-branches', split(element.includeSourceBranchName));
    put('source-branches-ignore', split(element.excludeSourceBranchName));
    put('paths', split(element.includePaths));
    put('paths-ignore', split(element.excludePaths));
    put('path-filter-type', element.pathFilterType, T.DEFAULT_PATH_FILTER);
    put('action', element.includeMrAction, T.DEFAULT_MR_ACTIONS);
    put('block-mr', element.block, false);
    put('webhook-queue', element.webhookQueue, false);
    put('report-commit-check', element.enableCheck, false);
    put('skip-wip', element.skipWip, false);
  }
  put('users', element.includeUsers);
  put('users-ignore', element.excludeUsers);
  set[{ PUSH: 'push', TAG_PUSH: 'tag' }[String(element.eventType)] ?? 'mr'] = rule;
}
