import type { TemplateRefType } from './enums';

/** A template parameter value; `value: null` means "follow the template". */
export interface TemplateVariable {
  key: string;
  value: unknown;
  allowModifyAtStartup?: boolean | null;
}

/** A V2 reference to a stage/job/step template (`TemplateDescriptor`). */
export interface TemplateDescriptor {
  templateRefType: TemplateRefType;
  templatePath?: string | null;
  templateRef?: string | null;
  templateId?: string | null;
  templateVersionName?: string | null;
  templateVariables?: TemplateVariable[] | null;
}

export interface TemplateInstanceTriggerConfig {
  stepId: string;
  disabled?: boolean | null;
  cron?: string[] | null;
  variables?: TemplateVariable[] | null;
}

export interface TemplateInstanceRecommendedVersion {
  allowModifyAtStartup?: boolean | null;
  major?: number | null;
  minor?: number | null;
  fix?: number | null;
  buildNo?: { initialValue?: number | null } | null;
}

/** A pipeline that is an instance of a pipeline template (`Model.template`). */
export interface TemplateInstanceDescriptor extends TemplateDescriptor {
  triggerConfigs?: TemplateInstanceTriggerConfig[] | null;
  recommendedVersion?: TemplateInstanceRecommendedVersion | null;
}

/** What an instance overrides (`TemplateInstanceField`). */
export interface TemplateInstanceField {
  paramIds?: string[] | null;
  triggerStepIds?: string[] | null;
  settingGroups?: string[] | null;
}

export interface PublicVarGroupRef {
  groupName: string;
  versionName?: string | null;
  version?: number | null;
}
