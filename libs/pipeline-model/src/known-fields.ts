import type { BuildFormProperty, BuildNo } from './param.types';
import type { PipelineSetting } from './setting.types';
import type { TemplateInstanceField, TemplateInstanceTriggerConfig, TemplateVariable } from './template.types';

/*
 * BK-CI reads a request into its Kotlin classes, which drops every field they do not declare. Where a
 * Model, a setting or an instance's params arrive as JSON, these lists do the same, so a field a
 * client adds is never stored. Each list but the Model's is a `Record<keyof T, true>`, so the compiler
 * holds it to its type.
 */

/** BK-CI `Model`'s own fields (stages, containers and elements keep what the editor round-trips). */
const MODEL: ReadonlySet<string> = new Set([
  'name',
  'desc',
  'stages',
  'labels',
  'instanceFromTemplate',
  'pipelineCreator',
  'projectId',
  'srcTemplateId',
  'templateId',
  'pipelineId',
  'tips',
  'events',
  'staticViews',
  'timeCost',
  'resources',
  'template',
  'overrideTemplateField',
  'publicVarGroups',
  'latestVersion',
]);

const SETTING = fields<PipelineSetting>({
  projectId: true,
  pipelineId: true,
  pipelineName: true,
  desc: true,
  labels: true,
  buildNumRule: true,
  successSubscriptionList: true,
  failSubscriptionList: true,
  runLockType: true,
  waitQueueTimeMinute: true,
  maxQueueSize: true,
  concurrencyGroup: true,
  concurrencyCancelInProgress: true,
  maxConRunningQueueSize: true,
  failIfVariableInvalid: true,
  buildCancelPolicy: true,
  maxPipelineResNum: true,
  cleanVariablesWhenRetry: true,
  pipelineAsCodeSettings: true,
});

const PARAM = fields<BuildFormProperty>({
  id: true,
  name: true,
  required: true,
  constant: true,
  type: true,
  defaultValue: true,
  value: true,
  options: true,
  desc: true,
  category: true,
  displayCondition: true,
  sensitive: true,
  readOnly: true,
  valueNotEmpty: true,
  repoHashId: true,
  relativePath: true,
  scmType: true,
  containerType: true,
  glob: true,
  properties: true,
  enableVersionControl: true,
  randomStringInPath: true,
  label: true,
  placeholder: true,
  propertyType: true,
  searchUrl: true,
  replaceKey: true,
  payload: true,
  cascadeProps: true,
  fields: true,
  asInstanceInput: true,
  varGroupName: true,
  varGroupVersion: true,
  removeFlag: true,
});

const BUILD_NO = fields<BuildNo>({ buildNo: true, buildNoType: true, required: true, currentBuildNo: true, asInstanceInput: true });
const TRIGGER_CONFIG = fields<TemplateInstanceTriggerConfig>({ stepId: true, disabled: true, cron: true, variables: true });
const VARIABLE = fields<TemplateVariable>({ key: true, value: true, allowModifyAtStartup: true });
const OVERRIDE = fields<TemplateInstanceField>({ paramIds: true, triggerStepIds: true, settingGroups: true });

function fields<T>(all: Record<keyof T, true>): ReadonlySet<string> {
  return new Set(Object.keys(all));
}

/** `value` with only the fields in `known`; anything but a plain object is returned as it is, for validation to refuse. */
function keep(value: unknown, known: ReadonlySet<string>): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => known.has(key)));
}

const each = (value: unknown, one: (item: unknown) => unknown): unknown => (Array.isArray(value) ? value.map(one) : value);

/** A pipeline Model's top level as BK-CI's `Model` reads it. */
export function knownModelFields(value: unknown): unknown {
  return keep(value, MODEL);
}

export function knownSettingFields(value: unknown): unknown {
  return keep(value, SETTING);
}

/** One `BuildFormProperty`, with its FORM_LIST columns. */
export function knownParamFields(value: unknown): unknown {
  const param = keep(value, PARAM);
  if (typeof param !== 'object' || param === null || Array.isArray(param) || !('fields' in param)) return param;
  return { ...param, fields: each(param.fields, knownParamFields) };
}

export function knownBuildNoFields(value: unknown): unknown {
  return keep(value, BUILD_NO);
}

export function knownTriggerConfigFields(value: unknown): unknown {
  const config = keep(value, TRIGGER_CONFIG);
  if (typeof config !== 'object' || config === null || Array.isArray(config) || !('variables' in config)) return config;
  return { ...config, variables: each(config.variables, (variable) => keep(variable, VARIABLE)) };
}

/** An instance's `overrideTemplateField` (`TemplateInstanceField`). */
export function knownOverrideFields(value: unknown): unknown {
  return keep(value, OVERRIDE);
}
