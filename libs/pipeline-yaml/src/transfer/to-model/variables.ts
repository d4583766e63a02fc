import type { BuildFormProperty, PublicVarGroupRef } from '@bkci/pipeline-model';
import type { YamlPath } from '../../parse';
import { PROP_TYPE_TO_MODEL } from '../common/variable-types';
import type { YamlMap } from '../types';
import { asBool, asMap, asString, ReadContext } from './context';

/** `variables:` → the trigger container's params (BK-CI `VariableTransfer.makeVariableFromYaml`). */
export function variablesToParams(ctx: ReadContext, variables: unknown, path: YamlPath): BuildFormProperty[] {
  return Object.entries(asMap(variables))
    .filter(([key]) => key !== 'template')
    .map(([key, value]) => variableToParam(ctx, key, value, [...path, key]));
}

/** `variables.template: [{name, version}]`: public variable groups, not a file template. */
export function publicVarGroups(variables: unknown): PublicVarGroupRef[] | undefined {
  const groups = asMap(variables).template;
  if (!Array.isArray(groups)) return undefined;
  return groups.map((group) => {
    const map = asMap(group);
    const ref: PublicVarGroupRef = { groupName: String(map.name) };
    const version = asString(map.version);
    if (version !== undefined) ref.versionName = version;
    return ref;
  });
}

function variableToParam(ctx: ReadContext, key: string, raw: unknown, path: YamlPath): BuildFormProperty {
  // A bare scalar is short for `{value: …}`.
  const variable: YamlMap = typeof raw === 'object' && raw !== null ? (raw as YamlMap) : { value: raw };
  const props = asMap(variable.props);
  if (props.fields !== undefined) ctx.fail([...path, 'props', 'fields'], 'form-list fields are not supported by the Model transfer yet');
  const constant = variable.const === true;
  if (constant && variable.readonly === false) ctx.fail([...path, 'readonly'], 'a const variable is always readonly');
  if (constant && variable['allow-modify-at-startup'] !== undefined) {
    ctx.fail([...path, 'allow-modify-at-startup'], 'const and allow-modify-at-startup are mutually exclusive');
  }
  const type = PROP_TYPE_TO_MODEL[String(props.type)] ?? 'STRING';
  const required = asBool(variable['allow-modify-at-startup']) ?? !constant;
  const param: BuildFormProperty = {
    id: key,
    required,
    constant,
    type,
    defaultValue: defaultValue(type, variable.value),
    readOnly: constant || (asBool(variable.readonly) ?? false),
    valueNotEmpty: asBool(props.required) ?? false,
    asInstanceInput: required ? (asBool(variable['as-instance-input']) ?? true) : false,
  };
  const optional: Partial<BuildFormProperty> = {
    name: asString(props.label),
    desc: asString(props.description),
    category: asString(props.group),
    sensitive: asBool(variable.sensitive),
    repoHashId: asString(props['repo-id']),
    relativePath: asString(props['relative-path']),
    scmType: asString(props['scm-type']),
    glob: asString(props['filter-rule']),
    enableVersionControl: asBool(props['version-control']),
  };
  if (Array.isArray(props.options)) {
    param.options = props.options.map((option) => {
      const map = asMap(option);
      return { key: String(map.id), value: asString(map.label) ?? String(map.id) };
    });
  }
  if (props['container-type'] !== undefined) {
    const containerType = asMap(props['container-type']);
    param.containerType = { buildType: String(containerType['build-type']), os: String(containerType.os) };
  }
  if (props.metadata !== undefined) param.properties = asMap(props.metadata) as Record<string, string>;
  if (props.payload !== undefined) param.payload = props.payload;
  if (variable.if !== undefined) param.displayCondition = asMap(variable.if) as Record<string, string>;
  for (const [field, value] of Object.entries(optional)) {
    if (value !== undefined) Object.assign(param, { [field]: value });
  }
  return param;
}

/** BOOLEAN params hold a boolean; repository refs and form lists hold data; everything else a string. */
function defaultValue(type: BuildFormProperty['type'], value: unknown): unknown {
  if (type === 'BOOLEAN') return value === true || value === 'true';
  if (type === 'REPO_REF') return value ?? {};
  if (value === undefined || value === null) return '';
  return typeof value === 'object' ? value : String(value);
}
