import type { CodeWebHookTriggerElement, Element, TriggerElement } from '@bkci/pipeline-model';
import type { YamlPath } from '../../parse';
import { WEBHOOK_VERSION } from '../common/defaults';
import * as T from '../common/triggers';
import type { YamlMap } from '../types';
import { asBool, asMap, asString, asStringList, joined, ReadContext } from './context';

/** Rule kinds this transfer does not turn into elements; refused so nothing is lost silently. */
const UNSUPPORTED = ['mr-merged', 'issue', 'review', 'note', 'delete', 'repo_hook', 'change-commit', 'change-content', 'change-submit', 'shelve-commit', 'shelve-submit', 'story', 'bug', 'scm-code', 'workspace-id'];

/**
 * `on:` (one rule set, or a list of them, one per repository) → trigger elements. Within a rule set the
 * order is manual, schedules, remote, push, tag, mr. No `on:` at all means a manual trigger, as in
 * BK-CI's default model.
 */
export function triggersToElements(ctx: ReadContext, on: unknown): Element[] {
  if (on === undefined || on === null) return [defaultManualTrigger()];
  const sets = Array.isArray(on) ? on : [on];
  return sets.flatMap((set, index) => ruleSetToElements(ctx, asMap(set), Array.isArray(on) ? ['on', index] : ['on']));
}

export function defaultManualTrigger(): TriggerElement {
  return { '@type': 'manualTrigger', name: T.DEFAULT_TRIGGER_NAMES.manualTrigger };
}

function ruleSetToElements(ctx: ReadContext, set: YamlMap, path: YamlPath): Element[] {
  ctx.refuseKeys(set, UNSUPPORTED, path);
  const elements: Element[] = [];
  if (set.manual !== undefined) elements.push(switchTrigger('manualTrigger', set.manual));
  const schedules = set.schedules;
  if (schedules !== undefined) (Array.isArray(schedules) ? schedules : [schedules]).forEach((rule) => elements.push(timer(asMap(rule))));
  if (set.remote !== undefined) elements.push(switchTrigger('remoteTrigger', set.remote));

  const type = (asString(set.type) ?? 'git') as T.ScmType;
  const elementType = T.SCM_ELEMENT_TYPES[type];
  if (!elementType && (set.push ?? set.tag ?? set.mr) !== undefined) ctx.fail([...path, 'type'], `repository type "${type}" is not supported`);
  const repoName = asString(set['repo-name']);
  const repository = { '@type': elementType, version: WEBHOOK_VERSION, repositoryType: repoName ? 'NAME' : 'SELF', ...(repoName && { repositoryName: repoName }) } as const;
  const rule = (value: unknown, listKey: string): YamlMap => (Array.isArray(value) ? { [listKey]: value } : asMap(value));
  if (set.push !== undefined) elements.push(push({ ...repository }, rule(set.push, 'branches')));
  if (set.tag !== undefined) elements.push(tag({ ...repository }, rule(set.tag, 'tags')));
  if (set.mr !== undefined) elements.push(mergeRequest({ ...repository }, rule(set.mr, 'target-branches')));
  return elements;
}

/** `manual:` / `remote:` take `enabled`, `disabled` or a rule object. */
function switchTrigger(type: 'manualTrigger' | 'remoteTrigger', value: unknown): Element {
  const rule = asMap(value);
  const element: Element = { '@type': type, name: asString(rule.name) ?? T.DEFAULT_TRIGGER_NAMES[type] };
  named(element, rule);
  if (value === 'disabled') element.additionalOptions = { enable: false };
  if (type === 'manualTrigger') {
    const canSkip = asBool(rule['can-skip-step']);
    const useLatest = asBool(rule['use-latest-inputs']);
    if (canSkip !== undefined) element.canElementSkip = canSkip;
    if (useLatest !== undefined) element.useLatestParameters = useLatest;
  }
  return element;
}

function timer(rule: YamlMap): Element {
  const element: Element = {
    '@type': 'timerTrigger',
    name: asString(rule.name) ?? T.DEFAULT_TRIGGER_NAMES.timerTrigger,
    newExpression: asStringList(rule.cron) ?? [],
    // BK-CI: `always: true` triggers even without new commits; otherwise only on changes.
    noScm: rule.always !== true,
  };
  named(element, rule);
  const branches = asStringList(rule.branches);
  if (branches) element.branches = branches;
  if (rule['repo-type'] !== undefined) element.repositoryType = String(rule['repo-type']);
  if (rule['repo-id'] !== undefined) element.repoHashId = String(rule['repo-id']);
  if (rule['repo-name'] !== undefined) element.repoName = String(rule['repo-name']);
  return element;
}

type Webhook = Pick<CodeWebHookTriggerElement, '@type' | 'version' | 'repositoryType' | 'repositoryName'>;

function push(base: Webhook, rule: YamlMap): Element {
  return webhook(base, rule, 'PUSH', {
    branchName: joined(rule.branches),
    excludeBranchName: joined(rule['branches-ignore']),
    includePaths: joined(rule.paths),
    excludePaths: joined(rule['paths-ignore']),
    pathFilterType: asString(rule['path-filter-type']) ?? T.DEFAULT_PATH_FILTER,
    includePushAction: asStringList(rule.action) ?? T.DEFAULT_PUSH_ACTIONS,
  });
}

function tag(base: Webhook, rule: YamlMap): Element {
  return webhook(base, rule, 'TAG_PUSH', {
    tagName: joined(rule.tags),
    excludeTagName: joined(rule['tags-ignore']),
    fromBranches: joined(rule['from-branches']),
    includeTagAction: asStringList(rule.action),
  });
}

function mergeRequest(base: Webhook, rule: YamlMap): Element {
  return webhook(base, rule, 'MERGE_REQUEST', {
    branchName: joined(rule['target-branches']),
    excludeBranchName: joined(rule['target-branches-ignore']),
    includeSourceBranchName: joined(rule['source-branches']),
    excludeSourceBranchName: joined(rule['source-branches-ignore']),
    includePaths: joined(rule.paths),
    excludePaths: joined(rule['paths-ignore']),
    pathFilterType: asString(rule['path-filter-type']) ?? T.DEFAULT_PATH_FILTER,
    includeMrAction: asStringList(rule.action) ?? T.DEFAULT_MR_ACTIONS,
    block: asBool(rule['block-mr']) ?? false,
    webhookQueue: asBool(rule['webhook-queue']) ?? false,
    enableCheck: asBool(rule['report-commit-check']) ?? false,
    skipWip: asBool(rule['skip-wip']) ?? false,
  });
}

function webhook(base: Webhook, rule: YamlMap, eventType: string, fields: Partial<CodeWebHookTriggerElement>): Element {
  const element: Element = { ...base, name: asString(rule.name) ?? T.DEFAULT_TRIGGER_NAMES.webhook, eventType };
  named(element, rule);
  for (const [key, value] of Object.entries({ ...fields, includeUsers: asStringList(rule.users), excludeUsers: asStringList(rule['users-ignore']) })) {
    if (value !== undefined) element[key] = value;
  }
  return element;
}

/** The rule's `id` (→ stepId) and `enable: false` (→ a disabled element), common to every rule. */
function named(element: Element, rule: YamlMap): void {
  const id = asString(rule.id);
  if (id !== undefined) element.stepId = id;
  if (rule.enable === false || rule.enable === 'disabled') element.additionalOptions = { enable: false };
}
