import type { BuildFormProperty, PublicVarGroupRef } from '@bkci/pipeline-model';
import { propTypeOf } from '../common/variable-types';
import type { YamlMap } from '../types';

/** Params → `variables:` (BK-CI `VariableTransfer.makeVariableFromBuildParams`); public group members are skipped. */
export function paramsToVariables(params: BuildFormProperty[], groups?: PublicVarGroupRef[] | null): YamlMap | undefined {
  const variables: YamlMap = {};
  if (groups && groups.length > 0) {
    variables.template = groups.map((group) => ({ name: group.groupName, ...(group.versionName && { version: group.versionName }) }));
  }
  for (const param of params) {
    if (param.varGroupName == null) variables[param.id] = paramToVariable(param);
  }
  return Object.keys(variables).length > 0 ? variables : undefined;
}

function paramToVariable(param: BuildFormProperty): YamlMap {
  const constant = param.constant === true;
  const variable: YamlMap = { value: valueOf(param) };
  if (!constant && param.readOnly) variable.readonly = true;
  if (!constant && !param.required) variable['allow-modify-at-startup'] = false;
  if (!constant && param.required && param.asInstanceInput === false) variable['as-instance-input'] = false;
  if (constant) variable.const = true;
  if (param.sensitive != null) variable.sensitive = param.sensitive;
  const props = propsOf(param);
  if (props) variable.props = props;
  if (param.displayCondition && Object.keys(param.displayCondition).length > 0) variable.if = param.displayCondition;
  return variable;
}

function valueOf(param: BuildFormProperty): unknown {
  const value = param.defaultValue;
  if (param.type === 'BOOLEAN') return String(value === true || value === 'true');
  return typeof value === 'object' && value !== null ? value : String(value ?? '');
}

/** `props` is written when it says more than "a plain input" (its `type` is then always given, as the schema asks). */
function propsOf(param: BuildFormProperty): YamlMap | undefined {
  const props: YamlMap = { type: propTypeOf(param.type) };
  const fields: YamlMap = {
    label: param.name && param.name !== param.id ? param.name : undefined,
    options: param.options?.map((option) => ({ id: option.key, ...(option.value !== option.key && { label: option.value }) })),
    description: param.desc || undefined,
    group: param.category || undefined,
    required: param.valueNotEmpty ? true : undefined,
    'repo-id': param.repoHashId ?? undefined,
    'relative-path': param.relativePath ?? undefined,
    'scm-type': param.scmType ?? undefined,
    'container-type': param.containerType ? { 'build-type': param.containerType.buildType, os: param.containerType.os } : undefined,
    'filter-rule': param.glob ?? undefined,
    'version-control': param.enableVersionControl ?? undefined,
    metadata: param.properties ?? undefined,
    payload: param.payload ?? undefined,
  };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) props[key] = value;
  return Object.keys(props).length > 1 || props.type !== 'vuex-input' ? props : undefined;
}
