import {
  BuildFormProperty,
  BuildNo,
  FIX_VERSION,
  getTriggerContainer,
  MAJOR_VERSION,
  MINOR_VERSION,
  Model,
  TemplateInstanceField,
  TemplateInstanceTriggerConfig,
  TriggerContainer,
} from '@bkci/pipeline-model';
import { sameJson } from '@bkci/template-version';
import { TemplateError, TemplateErrorCode } from '../template.errors';

/** The param id that stands for the build number in `overrideTemplateField.paramIds`. */
export const BUILD_NO_PARAM = 'BK_CI_BUILD_NO';
const VERSION_PARAMS = new Set([MAJOR_VERSION, MINOR_VERSION, FIX_VERSION]);

/** What one instance asks for (BK-CI TemplateInstanceReleaseInfo, without PAC). */
export interface InstanceRequest {
  pipelineName: string;
  param: BuildFormProperty[];
  buildNo: BuildNo | null;
  triggerConfigs: TemplateInstanceTriggerConfig[];
  overrideTemplateField: TemplateInstanceField;
}

/** A constant, or a param not offered at startup: instances always take the template's value. */
const isFixed = (param: BuildFormProperty): boolean => param.constant === true || !param.required;

function overrideConst(id: string): TemplateError {
  return new TemplateError(TemplateErrorCode.OVERRIDE_CONST, `Param ${id} is a constant or not an input param of the template; an instance cannot override it`, { id });
}

/**
 * BK-CI TemplateInstanceUtil's param merge, in template order (params the template lacks are dropped):
 * - constants and non-input params take the template's param; an instance that changes their
 *   value, or lists them in `paramIds`, is refused (the version params excepted);
 * - input params the instance sent keep the template's definition, with the instance's value
 *   when `paramIds` lists the id (else the template's) and the instance's `required`;
 * - input params it did not send come from the template, `required = asInstanceInput ?? required`.
 */
export function mergeParams(templateParams: BuildFormProperty[], instance: InstanceRequest): BuildFormProperty[] {
  const sent = new Map(instance.param.map((param) => [param.id, param]));
  const overridden = new Set(instance.overrideTemplateField.paramIds ?? []);
  return templateParams.map((param) => {
    const { asInstanceInput, ...definition } = param;
    const own = sent.get(param.id);
    if (isFixed(param)) {
      const exempt = VERSION_PARAMS.has(param.id);
      if (!exempt && (overridden.has(param.id) || (own !== undefined && !sameJson(own.defaultValue, param.defaultValue)))) throw overrideConst(param.id);
      return definition;
    }
    if (own === undefined) return { ...definition, required: asInstanceInput ?? param.required };
    return { ...definition, defaultValue: overridden.has(param.id) ? own.defaultValue : param.defaultValue, required: own.required };
  });
}

/**
 * BK-CI's build number merge: none without the template's; the template's when the instance has
 * none; else the instance's, with its number only when it overrides BK_CI_BUILD_NO.
 */
export function mergeBuildNo(template: BuildNo | null | undefined, instance: InstanceRequest): BuildNo | null {
  if (!template) return null;
  if (!instance.buildNo) return template;
  const overridden = (instance.overrideTemplateField.paramIds ?? []).includes(BUILD_NO_PARAM);
  return { ...instance.buildNo, buildNo: overridden ? instance.buildNo.buildNo : template.buildNo };
}

/**
 * The template's triggers; an instance may, for the triggers it lists in `triggerStepIds`, switch
 * one off or give a timer its own cron and start params. Triggers cannot be added or removed.
 */
export function mergeTriggers(trigger: TriggerContainer, instance: InstanceRequest): TriggerContainer['elements'] {
  const listed = new Set(instance.overrideTemplateField.triggerStepIds ?? []);
  const configs = new Map(instance.triggerConfigs.filter((config) => listed.has(config.stepId)).map((config) => [config.stepId, config]));
  return trigger.elements.map((element) => {
    const config = element.stepId ? configs.get(element.stepId) : undefined;
    if (!config) return element;
    const merged = { ...element };
    if (config.disabled !== undefined && config.disabled !== null) {
      merged.additionalOptions = { ...(element.additionalOptions ?? {}), enable: !config.disabled } as never;
    }
    if (element['@type'] === 'timerTrigger') {
      if (config.cron) merged.advanceExpression = config.cron;
      if (config.variables) merged.startParams = JSON.stringify(Object.fromEntries(config.variables.map((v) => [v.key, v.value])));
    }
    return merged;
  });
}

/**
 * The pipeline Model of an instance: the template's stages with the merged trigger, named after
 * the pipeline, marked as an instance, and carrying the template descriptor (BK-CI stores the
 * expanded model plus `template`, listing only the overridden variables).
 */
export function instanceModel(
  template: Model,
  instance: InstanceRequest,
  source: { templateId: string; version: number; versionName: string },
): Model {
  const trigger = getTriggerContainer(template);
  const params = mergeParams(trigger.params, instance);
  const overridden = new Set(instance.overrideTemplateField.paramIds ?? []);
  const mergedTrigger: TriggerContainer = { ...trigger, params, buildNo: mergeBuildNo(trigger.buildNo, instance), elements: mergeTriggers(trigger, instance) };
  return {
    ...template,
    name: instance.pipelineName,
    stages: [{ ...template.stages[0], containers: [mergedTrigger] }, ...template.stages.slice(1)],
    instanceFromTemplate: true,
    templateId: source.templateId,
    overrideTemplateField: instance.overrideTemplateField,
    template: {
      templateRefType: 'ID',
      templateId: source.templateId,
      templateVersionName: source.versionName,
      templateVariables: params.filter((param) => overridden.has(param.id)).map((param) => ({ key: param.id, value: param.defaultValue })),
    },
  };
}
