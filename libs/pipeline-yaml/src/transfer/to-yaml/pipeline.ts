import { getTriggerContainer, Model, PipelineSetting, TemplateInstanceDescriptor, TemplateVariable } from '@bkci/pipeline-model';
import type { YamlMap } from '../types';
import { containersToJobs } from './jobs';
import { settingToYaml } from './setting';
import { stagesToYaml } from './stages';
import { triggersToOn } from './triggers';
import { paramsToVariables } from './variables';

/**
 * A pipeline Model (+ setting) → v3.0 data, keys in BK-CI's order. `stages[0]` becomes `on:` and
 * `variables:`, a last `finally` stage becomes `finally:`. An instance of a template writes `extends:`
 * and only the public variable groups, as BK-CI does.
 */
export function pipelineToYaml(model: Model, setting?: PipelineSetting): YamlMap {
  const yaml: YamlMap = { version: 'v3.0', name: setting?.pipelineName ?? model.name };
  const desc = setting ? setting.desc : model.desc;
  if (desc) yaml.desc = desc;
  const trigger = getTriggerContainer(model);
  const on = triggersToOn(trigger.elements, 'stages[0].containers[0].elements');
  if (on !== undefined) yaml.on = on;
  if (model.template) {
    yaml.extends = { template: extendsOf(model.template) };
    const groups = paramsToVariables([], model.publicVarGroups);
    if (groups) yaml.variables = groups;
  } else {
    const variables = paramsToVariables(trigger.params, model.publicVarGroups);
    if (variables) yaml.variables = variables;
    const last = model.stages.length - 1;
    const hasFinally = last > 0 && model.stages[last].finally === true;
    const body = model.stages.slice(1, hasFinally ? last : undefined);
    if (body.length > 0) yaml.stages = stagesToYaml(body, 1);
    if (hasFinally) yaml.finally = containersToJobs(model.stages[last].containers, `stages[${last}].containers`);
  }
  if (model.resources) yaml.resources = model.resources;
  return setting ? { ...yaml, ...settingToYaml(setting) } : yaml;
}

function extendsOf(template: TemplateInstanceDescriptor): YamlMap {
  const yaml: YamlMap = {};
  if (template.templateRefType === 'ID') yaml['template-id'] = template.templateId;
  else yaml.path = template.templatePath;
  if (template.templateRef) yaml.ref = template.templateRef;
  if (template.templateVersionName) yaml.version = template.templateVersionName;
  if (template.templateVariables?.length) yaml.variables = variablesOf(template.templateVariables);
  if (template.triggerConfigs?.length) {
    yaml['trigger-conf'] = Object.fromEntries(
      template.triggerConfigs.map((config) => {
        const conf: YamlMap = {};
        if (config.disabled != null) conf.disabled = config.disabled;
        if (config.cron?.length) conf.cron = config.cron.length === 1 ? config.cron[0] : config.cron;
        if (config.variables?.length) conf.variables = variablesOf(config.variables);
        return [config.stepId, conf];
      }),
    );
  }
  return yaml;
}

function variablesOf(variables: TemplateVariable[]): YamlMap {
  return Object.fromEntries(
    variables.map((v) => [v.key, v.allowModifyAtStartup == null ? v.value : { value: v.value, 'allow-modify-at-startup': v.allowModifyAtStartup }]),
  );
}
