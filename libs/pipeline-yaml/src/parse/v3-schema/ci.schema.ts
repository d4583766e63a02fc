import { FINALLY_SCHEMA, JOBS_SCHEMA, STAGES_SCHEMA, STEPS_SCHEMA } from './jobs.schema';
import { anyOf, bool, enumOf, excludes, int, intRange, JsonSchema, obj, oneOf, pattern, str, strList } from './schema-builders';
import { ON_SCHEMA } from './triggers.schema';
import { VARIABLES_SCHEMA } from './variables.schema';

/**
 * The JSON schema (draft-07) of a v3.0 pipeline YAML: a port of BK-CI's
 * `common-pipeline-yaml/src/main/resources/schema/V3_0/ci.json` (what `CodeSchemaCheck` validates),
 * with the same keys, types, limits and mutual exclusions, written with shared parts and no `$ref`.
 */

const variableOverride = anyOf(
  obj({
    value: anyOf(str, { type: 'number' }, bool, { type: 'array' }, { type: 'object', properties: { 'repo-name': str, branch: str } }),
    'allow-modify-at-startup': bool,
  }),
  str,
  { type: 'number' },
  bool,
);

const recommendedVersion = obj({
  enabled: bool,
  'allow-modify-at-startup': bool,
  major: int,
  minor: int,
  fix: int,
  'as-instance-input': bool,
  'build-no': obj({
    'initial-value': int,
    strategy: pattern('\\bplus1-when-success\\b|\\bplus1-everytime\\b|\\binvariable\\b'),
  }),
});

/** `extends: {template: {path | template-id, ref, version, variables, trigger-conf, recommended-version}}`, or a path. */
const extendsSchema = anyOf(
  obj(
    {
      template: obj(
        {
          path: str,
          ref: str,
          'template-id': str,
          version: anyOf(str, { type: 'number' }),
          variables: { type: 'object', additionalProperties: variableOverride },
          'trigger-conf': {
            type: 'object',
            additionalProperties: anyOf(obj({ disabled: bool, cron: str, variables: { type: 'object' } })),
          },
          'recommended-version': recommendedVersion,
        },
        { extra: { dependencies: { 'template-id': ['version'] } } },
      ),
    },
    { required: ['template'] },
  ),
  str,
);

const resources = obj({
  repositories: {
    type: 'array',
    items: obj(
      {
        repository: str,
        name: str,
        ref: str,
        credentials: obj({ 'personal-access-token': str }, { required: ['personal-access-token'] }),
      },
      { required: ['repository', 'name'] },
    ),
  },
  pools: { type: 'array', items: obj({ from: str, name: str }, { required: ['from', 'name'] }) },
});

const notices = {
  type: 'array',
  items: obj(
    {
      type: anyOf(str, { type: 'array', items: enumOf('email', 'wework-message', 'wework-chat', 'sms', 'voice') }),
      receivers: strList,
      groups: strList,
      content: str,
      'chat-id': strList,
      'content-format': pattern('(\\bmarkdown\\b|\\btext\\b)'),
      'attach-build-url': bool,
      if: enumOf('FAILURE', 'SUCCESS'),
    },
    { required: ['type'] },
  ),
};

const concurrency = obj({
  group: str,
  'cancel-in-progress': bool,
  'queue-length': intRange(1, 200),
  'queue-timeout-minutes': intRange(1, 1440),
  'max-parallel': intRange(1, 200),
});

export const V3_CI_SCHEMA: JsonSchema = {
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  additionalProperties: false,
  required: ['version'],
  properties: {
    version: { type: 'string', const: 'v3.0' },
    name: str,
    desc: str,
    label: strList,
    on: ON_SCHEMA,
    variables: VARIABLES_SCHEMA,
    stages: STAGES_SCHEMA,
    jobs: JOBS_SCHEMA,
    steps: STEPS_SCHEMA,
    extends: extendsSchema,
    resources,
    finally: FINALLY_SCHEMA,
    notices,
    concurrency,
    'disable-pipeline': bool,
    'fail-if-variable-invalid': bool,
    'recommended-version': recommendedVersion,
    'custom-build-num': str,
    'syntax-dialect': enumOf('INHERIT', 'CLASSIC', 'CONSTRAINT'),
    'cancel-policy': enumOf('BROAD', 'RESTRICTED'),
    'runs-on': oneOf(str, obj({ 'pool-name': str, 'pool-id': str })),
  },
  allOf: [
    // A pipeline made from a template brings its own stages, jobs, steps, variables and finally.
    excludes('extends', 'stages', 'jobs', 'steps', 'variables', 'finally'),
    // Exactly one way of writing the body: stages, or jobs only, or steps only.
    excludes('stages', 'steps', 'jobs'),
    excludes('steps', 'stages', 'jobs'),
    excludes('jobs', 'steps', 'stages'),
  ],
};
