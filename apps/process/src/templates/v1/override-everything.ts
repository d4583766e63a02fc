import { getTriggerContainer, type Model, type TemplateInstanceField } from '@bkci/pipeline-model';
import { BUILD_NO_PARAM } from '../instances/instance-merge';

/** BK-CI PipelineSettingGroupType: the setting groups an instance may keep its own. */
const SETTING_GROUPS = ['CUSTOM_BUILD_NUM', 'LABEL', 'NOTICES', 'CONCURRENCY', 'FAIL_IF_VARIABLE_INVALID', 'BUILD_CANCEL_POLICY'];

/**
 * BK-CI TemplateInstanceField.initFromTemplate: the instance overrides every input param, the build
 * number when the template has one, and every setting group; no trigger. V1 and OpenAPI v4 instances
 * are made this way, and it is what the console offers a new instance.
 */
export function overrideEverything(template: Model): TemplateInstanceField {
  const trigger = getTriggerContainer(template);
  const inputs = trigger.params.filter((param) => param.required && !param.constant).map((param) => param.id);
  return { paramIds: trigger.buildNo ? [...inputs, BUILD_NO_PARAM] : inputs, settingGroups: SETTING_GROUPS };
}
