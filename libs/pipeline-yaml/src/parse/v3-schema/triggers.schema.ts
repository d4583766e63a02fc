import { bool, enumOf, JsonSchema, anyArray, anyObject, anyOf, obj, oneOf, pattern, str, strList, uniqueEnumList } from './schema-builders';

/** `on:` of a v3.0 pipeline: BK-CI `schema/V3_0/ci.json` → `properties.on`, rewritten with shared parts. */

const base = { id: str, name: str, enable: bool };
const customFilter: JsonSchema = { type: 'object', properties: { url: str, credentials: str } };
const enabledOrDisabled = pattern('(\\benabled\\b|\\bdisabled\\b)');

/** Most triggers accept a bare list of branches/tags/… or a rule object. */
const listOr = (rule: JsonSchema): JsonSchema => oneOf(strList, rule);

const push = listOr(
  obj({
    ...base,
    branches: strList,
    'branches-ignore': strList,
    paths: strList,
    'paths-ignore': strList,
    users: strList,
    'users-ignore': strList,
    action: uniqueEnumList('new-branch', 'push-file', 'new-branch-and-push-file'),
    // BK-CI declares a string with list keywords here, so any string passes.
    'path-filter-type': str,
    'custom-filter': customFilter,
  }),
);

const tag = listOr(
  obj({
    ...base,
    tags: strList,
    'tags-ignore': strList,
    'from-branches': strList,
    users: strList,
    'users-ignore': strList,
    action: uniqueEnumList('create', 'delete'),
  }),
);

const mergeRequestCommon = {
  ...base,
  'target-branches': strList,
  'target-branches-ignore': strList,
  'source-branches-ignore': strList,
  'source-branches': strList,
  paths: strList,
  'paths-ignore': strList,
  users: strList,
  'users-ignore': strList,
  'report-commit-check': bool,
  'webhook-queue': bool,
  'path-filter-type': str,
  'custom-filter': customFilter,
  'skip-wip': bool,
  labels: strList,
  'labels-ignore': strList,
};

const mr = anyOf(
  strList,
  obj({
    ...mergeRequestCommon,
    action: uniqueEnumList('open', 'close', 'reopen', 'push-update', 'merge', 'edit', 'assigned', 'unassigned', 'labeled', 'unlabeled'),
    assignees: strList,
    'assignees-ignore': strList,
    'block-mr': bool,
  }),
);

const mrMerged = anyOf(strList, obj(mergeRequestCommon));

const scheduleRule = obj({
  ...base,
  cron: oneOf(strList, str),
  interval: obj({ week: anyArray, 'time-points': anyArray }),
  'repo-type': enumOf('ID', 'NAME', 'SELF', 'NONE'),
  'repo-id': str,
  'repo-name': str,
  branches: { maxItems: 3, type: 'array', items: str },
  nodes: oneOf(enumOf('all'), pattern('^ins-.+'), strList),
  'advance-cron': anyArray,
  always: bool,
  'start-params': anyObject,
});
const schedules = oneOf({ type: 'array', items: scheduleRule }, scheduleRule);

const issue = listOr(
  obj({
    ...base,
    action: uniqueEnumList('open', 'close', 'reopen', 'update', 'assigned', 'unassigned', 'labeled', 'unlabeled'),
    assignees: strList,
    'assignees-ignore': strList,
    'users-ignore': strList,
    labels: strList,
    'labels-ignore': strList,
  }),
);

const review = listOr(
  obj({
    ...base,
    types: uniqueEnumList('comparison', 'merge_request'),
    states: uniqueEnumList('approved', 'approving', 'change_denied', 'change_required'),
  }),
);

const note = listOr(obj({ ...base, types: uniqueEnumList('commit', 'merge_request', 'issue'), comment: strList }));

const manual = oneOf(enabledOrDisabled, obj({ ...base, 'can-skip-step': bool, 'use-latest-inputs': bool }));
const remote = oneOf(enabledOrDisabled, obj({ id: str, name: str, enable: enabledOrDisabled }));

/** Perforce/SVN change and shelve triggers. */
const pathRule = listOr(obj({ ...base, paths: strList, 'paths-ignore': strList }));

/** TAPD story and bug triggers. */
const tapdRule = (...actions: string[]): JsonSchema =>
  obj(
    {
      ...base,
      action: { uniqueItems: true, type: 'array', items: { type: 'string', enum: actions } },
      users: strList,
      'users-ignore': strList,
      owners: strList,
      'owners-ignore': strList,
      priorities: strList,
      labels: strList,
      'labels-ignore': strList,
    },
    { required: ['action'] },
  );

const comments = ['add_comment', 'update_comment', 'delete_comment'];

export const TRIGGER_PROPERTIES: Record<string, JsonSchema> = {
  push,
  tag,
  mr,
  'mr-merged': mrMerged,
  schedules,
  issue,
  review,
  note,
  manual,
  remote,
  'repo-name': str,
  // BK-CI declares a string with list keywords (git, tgit, github, svn, p4, gitlab, scm_git, scm_svn), so any string passes.
  type: str,
  'change-commit': pathRule,
  'change-content': pathRule,
  'change-submit': pathRule,
  'shelve-commit': pathRule,
  'shelve-submit': pathRule,
  'scm-code': str,
  'workspace-id': str,
  story: tapdRule('create', 'update', 'delete', 'status_change', 'bug_link', 'bug_unlink', 'story_link', 'story_unlink', ...comments),
  bug: tapdRule('create', 'update', 'delete', 'status_change', ...comments),
};

const triggerSet: JsonSchema = { type: 'object', minProperties: 1, additionalProperties: false, properties: TRIGGER_PROPERTIES };

/** `on:` is one trigger set, or a list of them (one per code repository). */
export const ON_SCHEMA: JsonSchema = oneOf({ type: 'array', items: triggerSet }, triggerSet);
