import { anyArray, anyObject, anyOf, bool, enumOf, excludes, int, intRange, JsonSchema, obj, oneOf, pattern, scalar, str, strList } from './schema-builders';

/**
 * Stages, jobs, steps and `finally` of a v3.0 pipeline: BK-CI `schema/V3_0/ci.json` →
 * `properties.stages`, `properties.finally` and `definitions.{check-in, jobs, steps, env, resourceExclusiveDeclaration}`.
 */

const env: JsonSchema = { type: 'object', maxProperties: 100 };
const timeoutMinutes = oneOf(intRange(undefined, 10080), str);
const ifCondition = oneOf(str, obj({ mode: enumOf('RUN_WHEN_ALL_PARAMS_MATCH', 'NOT_RUN_WHEN_ALL_PARAMS_MATCH'), params: anyObject }));
/** `template:` written as a plain path (BK-CI's `definitions.template`). */
const templatePath = str;

const mutex = obj(
  { label: str, 'queue-length': int, 'timeout-minutes': oneOf(intRange(undefined, 480), str), 'queue-enable': bool },
  { required: ['label'] },
);

const container = obj({
  image: pattern('\\S+:\\S+|\\$\\{\\{.*\\}\\}'),
  'image-code': str,
  'image-version': str,
  credentials: oneOf(obj({ username: str, password: str }, { required: ['username', 'password'] }), str),
  options: obj({ volumes: strList, mounts: strList, gpus: str, privileged: bool, network: strList, user: str }),
  'image-pull-policy': pattern('(\\balways\\b|\\bif-not-present\\b)'),
});

const runsOn = anyOf(
  str,
  obj({
    'self-hosted': bool,
    'pool-name': str,
    'lock-resource-with': str,
    'concurrency-limit-per-node': int,
    'concurrency-limit-total': int,
    'hw-spec': str,
    'node-name': str,
    'agent-selector': strList,
    container,
    needs: anyObject,
    'queue-timeout-minutes': int,
    workspace: str,
    xcode: str,
  }),
);

const services: JsonSchema = {
  type: 'object',
  additionalProperties: anyOf({ type: 'object', properties: { image: str, with: obj({ password: str }) } }),
};

const step = obj(
  {
    enable: bool,
    uses: pattern('^.*@.*$'),
    name: str,
    namespace: str,
    id: { type: 'string', maxLength: 64 },
    if: ifCondition,
    with: anyObject,
    'timeout-minutes': timeoutMinutes,
    'continue-on-error': oneOf(str, bool),
    'retry-times': intRange(0, 5),
    env,
    run: str,
    checkout: oneOf(str, obj({ 'repo-id': str, 'repo-name': str })),
    shell: str,
    'can-pause-before-run': bool,
    'pause-notice-receivers': strList,
    'can-manually-retry': bool,
  },
  { extra: { allOf: [excludes('uses', 'run', 'check'), excludes('run', 'uses', 'check'), excludes('checkout', 'run', 'uses')] } },
);

export const STEPS_SCHEMA: JsonSchema = {
  type: 'array',
  items: anyOf(step, obj({ template: templatePath }, { required: ['template'] })),
};

const strategy = obj(
  {
    matrix: oneOf({ type: 'object', additionalProperties: anyOf(anyArray, str) }, str),
    include: oneOf({ type: 'array', items: { type: 'object', additionalProperties: scalar } }, str),
    exclude: oneOf({ type: 'array', items: anyObject }, str),
    'fast-kill': bool,
    'max-parallel': intRange(0, 50),
  },
  { required: ['matrix'] },
);

const job = obj(
  {
    enable: bool,
    name: str,
    'runs-on': runsOn,
    'show-runs-on': bool,
    services,
    if: ifCondition,
    steps: STEPS_SCHEMA,
    'timeout-minutes': timeoutMinutes,
    env,
    'continue-on-error': bool,
    strategy,
    'depend-on': strList,
    mutex,
  },
  { required: ['steps'] },
);

/** Jobs by id; `template` is a job template reference. */
export const JOBS_SCHEMA: JsonSchema = { type: 'object', properties: { template: templatePath }, additionalProperties: anyOf(job) };

const finallyJob = obj(
  {
    enable: bool,
    name: str,
    'runs-on': runsOn,
    services,
    if: enumOf('ALWAYS', 'FAILURE', 'SUCCESS', 'CANCELED'),
    steps: STEPS_SCHEMA,
    'timeout-minutes': timeoutMinutes,
    env,
    'continue-on-error': bool,
    'depend-on': strList,
    mutex,
  },
  { required: ['steps'] },
);

export const FINALLY_SCHEMA: JsonSchema = { type: 'object', properties: { template: templatePath }, additionalProperties: anyOf(finallyJob) };

const stringOrList = anyOf(str, strList);
const reviewFlow = obj(
  { name: str, reviewers: stringOrList, groups: stringOrList },
  { required: ['name'], extra: { allOf: [excludes('reviewers', 'groups'), excludes('groups', 'reviewers')] } },
);

const reviewVariable = obj({
  label: str,
  type: enumOf('INPUT', 'TEXTAREA', 'SELECTOR', 'SELECTOR-MULTIPLE', 'BOOL', 'CHECKBOX'),
  default: anyOf(str, { type: 'number' }, bool, anyArray),
  values: { type: 'array', items: scalar },
  required: bool,
  description: str,
});

const checkIn = obj({
  reviews: obj(
    {
      flows: { type: 'array', maxItems: 5, items: reviewFlow },
      variables: { type: 'object', additionalProperties: reviewVariable },
      description: str,
      'content-format': enumOf('markdown', 'text'),
      'notify-type': strList,
      'chat-id': strList,
    },
    { required: ['flows'] },
  ),
  'timeout-hours': intRange(1, 720),
});

const stageLabels = ['Build', 'Test', 'Deploy', 'Approve'];
const stage = obj(
  {
    enable: bool,
    name: str,
    id: str,
    label: anyOf(enumOf(...stageLabels), { uniqueItems: true, type: 'array', items: { type: 'string', enum: stageLabels } }),
    if: ifCondition,
    'check-in': checkIn,
    'fast-kill': bool,
    jobs: JOBS_SCHEMA,
  },
  { required: ['jobs'] },
);

export const STAGES_SCHEMA: JsonSchema = {
  type: 'array',
  items: anyOf(stage, obj({ template: templatePath }, { required: ['template'] })),
};
