import type { Model, TemplateInstanceField, TriggerContainer } from '@bkci/pipeline-model';
import { BUILD_NO_PARAM } from '../instances/instance-merge';

/**
 * BK-CI TemplateInstanceField.initFromTemplate: the instance overrides every input param, and the
 * build number when the template has one. V1 and OpenAPI v4 instances are made this way.
 */
export function overrideEverything(template: Model): TemplateInstanceField {
  const trigger = template.stages[0].containers[0] as TriggerContainer;
  const inputs = trigger.params.filter((param) => param.required && !param.constant).map((param) => param.id);
  return { paramIds: trigger.buildNo ? [...inputs, BUILD_NO_PARAM] : inputs, triggerStepIds: [], settingGroups: [] };
}
