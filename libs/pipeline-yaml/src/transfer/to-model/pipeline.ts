import type { Model, PipelineSetting, Stage, TemplateInstanceDescriptor, TemplateInstanceField, TemplateVariable, TriggerContainer } from '@bkci/pipeline-model';
import type { YamlMap } from '../types';
import { asBool, asMap, asString, asStringList, ReadContext } from './context';
import { jobToContainer } from './jobs';
import { yamlToSetting } from './setting';
import { finallyToModel, stagesToModel, stageToModel } from './stages';
import { triggersToElements } from './triggers';
import { publicVarGroups, variablesToParams } from './variables';

/** The job a `steps:`-only file is wrapped in (BK-CI wraps such files into one stage and one job). */
export const STEPS_JOB_ID = 'job_1';

/** A pipeline (or PIPELINE template) file → Model + setting (BK-CI `TemplateModelTransfer.yaml2TemplateModel`). */
export function yamlToPipeline(ctx: ReadContext, yaml: YamlMap): { model: Model; setting: PipelineSetting } {
  ctx.refuseKeys(yaml, ['recommended-version', 'runs-on'], []);
  const trigger: TriggerContainer = {
    '@type': 'trigger',
    id: '0',
    name: 'trigger',
    params: variablesToParams(ctx, yaml.variables, ['variables']),
    elements: triggersToElements(ctx, yaml.on),
  };
  const stages: Stage[] = [{ id: 'stage-1', name: 'stage-1', containers: [trigger] }, ...bodyStages(ctx, yaml)];
  if (yaml.finally !== undefined) stages.push(finallyToModel(ctx, yaml.finally, stages.length + 1));
  const model: Model = { name: asString(yaml.name) ?? '', desc: asString(yaml.desc) ?? '', stages };
  const groups = publicVarGroups(yaml.variables);
  if (groups) model.publicVarGroups = groups;
  if (yaml.resources !== undefined) model.resources = asMap(yaml.resources);
  if (yaml.extends !== undefined) Object.assign(model, fromTemplate(ctx, yaml));
  return { model, setting: yamlToSetting(yaml) };
}

/** The stages after the trigger stage: `stages:`, or `jobs:`/`steps:` wrapped in one stage. */
function bodyStages(ctx: ReadContext, yaml: YamlMap): Stage[] {
  if (yaml.stages !== undefined) return stagesToModel(ctx, yaml.stages, ['stages'], 2);
  if (yaml.jobs !== undefined) return [stageToModel(ctx, { jobs: yaml.jobs }, [], 'stage-2', 'stage-1')];
  if (yaml.steps === undefined) return [];
  const stage = stageToModel(ctx, { jobs: {} }, [], 'stage-2', 'stage-1');
  stage.containers = [jobToContainer(ctx, STEPS_JOB_ID, { steps: yaml.steps }, [], 0, false)];
  return [stage];
}

/**
 * `extends.template` → `Model.template` (ID reference when `template-id` is given, else PATH) and
 * `overrideTemplateField`: the variables and trigger settings the instance sets, and the setting groups
 * it writes at top level.
 */
function fromTemplate(ctx: ReadContext, yaml: YamlMap): Partial<Model> {
  if (typeof yaml.extends === 'string') ctx.fail(['extends'], 'write `extends: {template: {path: …}}`; the short form is not supported');
  const source = asMap(asMap(yaml.extends).template);
  ctx.templateReference(['extends', 'template']);
  ctx.refuseKeys(source, ['recommended-version'], ['extends', 'template']);
  const templateId = asString(source['template-id']);
  const template: TemplateInstanceDescriptor = { templateRefType: templateId ? 'ID' : 'PATH' };
  const fields = { templateId, templatePath: asString(source.path), templateRef: asString(source.ref), templateVersionName: asString(source.version) };
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) Object.assign(template, { [key]: value });
  const variables = Object.entries(asMap(source.variables));
  if (variables.length > 0) template.templateVariables = variables.map(([key, value]) => templateVariable(key, value));
  const triggerConf = Object.entries(asMap(source['trigger-conf']));
  if (triggerConf.length > 0) {
    template.triggerConfigs = triggerConf.map(([stepId, raw]) => {
      const conf = asMap(raw);
      const config: NonNullable<TemplateInstanceDescriptor['triggerConfigs']>[number] = { stepId };
      if (conf.disabled !== undefined) config.disabled = asBool(conf.disabled);
      if (conf.cron !== undefined) config.cron = asStringList(conf.cron);
      const confVariables = Object.entries(asMap(conf.variables));
      if (confVariables.length > 0) config.variables = confVariables.map(([key, value]) => templateVariable(key, value));
      return config;
    });
  }
  const override: TemplateInstanceField = {
    paramIds: variables.map(([key]) => key),
    triggerStepIds: triggerConf.map(([key]) => key),
    settingGroups: (['concurrency', 'custom-build-num', 'notices'] as const)
      .filter((key) => yaml[key] !== undefined)
      .map((key) => ({ concurrency: 'CONCURRENCY', 'custom-build-num': 'CUSTOM_BUILD_NUM', notices: 'NOTICES' })[key]),
  };
  return { template, overrideTemplateField: override, instanceFromTemplate: true };
}

/** `KEY: value` or `KEY: {value, allow-modify-at-startup}`. */
function templateVariable(key: string, raw: unknown): TemplateVariable {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { key, value: raw };
  const map = raw as YamlMap;
  const variable: TemplateVariable = { key, value: map.value };
  const allow = asBool(map['allow-modify-at-startup']);
  if (allow !== undefined) variable.allowModifyAtStartup = allow;
  return variable;
}
