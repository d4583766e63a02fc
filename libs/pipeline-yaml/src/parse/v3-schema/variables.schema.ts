import { anyArray, anyObject, anyOf, bool, enumOf, excludes, JsonSchema, obj, pattern, scalar, str } from './schema-builders';

/** `variables:` of a v3.0 pipeline: BK-CI `schema/V3_0/ci.json` → `properties.variables`. */

/** Names that are neither `template` nor CONSTANT_STYLE: ordinary variables. */
export const VARIABLE_NAME_PATTERN = '^(?!template$)(?!^[A-Z][A-Z0-9_]*$).+$';
/** CONSTANT_STYLE names (at most 64 characters): constants, which must be objects with a `value`. */
export const CONSTANT_NAME_PATTERN = '^[A-Z][A-Z0-9_]{0,63}$';

const option = obj({ id: scalar, label: scalar, description: str }, { required: ['id'] });
const optionsOrDatasource: JsonSchema = { allOf: [excludes('options', 'datasource'), excludes('datasource', 'options')] };

const fieldProps = obj(
  {
    label: str,
    type: enumOf('vuex-input', 'vuex-textarea', 'selector', 'checkbox', 'boolean'),
    options: { type: 'array', items: option },
    description: str,
    required: bool,
  },
  { required: ['type'], extra: optionsOrDatasource },
);

/** A field of a `form-list` variable. */
const field = obj(
  {
    value: anyOf(str, { type: 'number' }, bool, anyArray),
    readonly: bool,
    required: bool,
    'value-not-empty': bool,
    props: fieldProps,
    name: str,
  },
  { required: ['value'] },
);

const props = obj(
  {
    label: str,
    type: enumOf(
      'vuex-input',
      'vuex-textarea',
      'selector',
      'checkbox',
      'boolean',
      'git-ref',
      'svn-tag',
      'code-lib',
      'container-type',
      'artifactory',
      'sub-pipeline',
      'custom-file',
      'tips',
      'repo-ref',
      'form-list',
    ),
    options: { type: 'array', items: option },
    description: str,
    group: str,
    required: bool,
    'repo-id': str,
    'relative-path': str,
    'scm-type': str,
    'container-type': obj({ 'build-type': str, os: enumOf('MACOS', 'WINDOWS', 'LINUX') }),
    'filter-rule': str,
    'version-control': bool,
    metadata: anyObject,
    payload: anyObject,
    fields: { type: 'object', patternProperties: { [VARIABLE_NAME_PATTERN]: anyOf(field) }, additionalProperties: false },
  },
  { required: ['type'], extra: optionsOrDatasource },
);

const value = anyOf(str, { type: 'number' }, bool, { type: 'object', properties: { 'repo-name': str, branch: str } }, { type: 'array', items: anyObject });

const variableFields = {
  value,
  readonly: bool,
  required: bool,
  'allow-modify-at-startup': bool,
  'value-not-empty': bool,
  props,
  name: str,
  if: anyObject,
  'as-instance-input': bool,
  sensitive: bool,
};

const variable = anyOf(str, { type: 'number' }, bool, obj(variableFields, { required: ['value'] }));
const constant = obj({ ...variableFields, const: bool }, { required: ['value'] });

/** `variables.template`: public variable groups by name and optional version. */
const variableGroups: JsonSchema = { type: 'array', items: obj({ name: str, version: pattern('v.+') }, { required: ['name'] }) };

export const VARIABLES_SCHEMA: JsonSchema = {
  type: 'object',
  patternProperties: {
    [VARIABLE_NAME_PATTERN]: variable,
    '^template$': variableGroups,
    [CONSTANT_NAME_PATTERN]: constant,
  },
  additionalProperties: false,
};
