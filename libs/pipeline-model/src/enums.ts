/**
 * Enumerations of BK-CI's pipeline Model (`common-pipeline`), as string literal unions plus the
 * value lists the validator checks against. Values are BK-CI's, spelled exactly as Jackson writes them.
 */

export const STAGE_RUN_CONDITIONS = [
  'AFTER_LAST_FINISHED',
  'CUSTOM_VARIABLE_MATCH',
  'CUSTOM_VARIABLE_MATCH_NOT_RUN',
  'CUSTOM_CONDITION_MATCH',
] as const;
export type StageRunCondition = (typeof STAGE_RUN_CONDITIONS)[number];

export const JOB_RUN_CONDITIONS = [
  'STAGE_RUNNING',
  'PREVIOUS_STAGE_SUCCESS',
  'PREVIOUS_STAGE_FAILED',
  'PREVIOUS_STAGE_CANCEL',
  'CUSTOM_VARIABLE_MATCH',
  'CUSTOM_VARIABLE_MATCH_NOT_RUN',
  'CUSTOM_CONDITION_MATCH',
] as const;
export type JobRunCondition = (typeof JOB_RUN_CONDITIONS)[number];

export const RUN_CONDITIONS = [
  'PRE_TASK_SUCCESS',
  'PRE_TASK_FAILED_BUT_CANCEL',
  'PRE_TASK_FAILED_EVEN_CANCEL',
  'PRE_TASK_FAILED_ONLY',
  'PRE_TASK_FAILED_ONLY_EXCEPT_SKIP',
  'OTHER_TASK_RUNNING',
  'CUSTOM_VARIABLE_MATCH',
  'CUSTOM_VARIABLE_MATCH_NOT_RUN',
  'CUSTOM_CONDITION_MATCH',
  'PARENT_TASK_CANCELED_OR_TIMEOUT',
  'PARENT_TASK_FINISH',
] as const;
/** Step (element) run condition. */
export type RunCondition = (typeof RUN_CONDITIONS)[number];

export const DEPEND_ON_TYPES = ['ID', 'NAME'] as const;
export type DependOnType = (typeof DEPEND_ON_TYPES)[number];

export const VM_BASE_OS = ['LINUX', 'MACOS', 'WINDOWS', 'ALL'] as const;
export type VMBaseOS = (typeof VM_BASE_OS)[number];

export const BUILD_TYPES = [
  'DOCKER',
  'KUBERNETES',
  'THIRD_PARTY_AGENT_ID',
  'THIRD_PARTY_AGENT_ENV',
  'THIRD_PARTY_DEVCLOUD',
  'CREATE_AGENT_ENV',
  'AGENT_LESS',
] as const;
export type BuildType = (typeof BUILD_TYPES)[number];

export const BUILD_FORM_PROPERTY_TYPES = [
  'STRING',
  'TEXTAREA',
  'ENUM',
  'DATE',
  'LONG',
  'BOOLEAN',
  'SVN_TAG',
  'GIT_REF',
  'REPO_REF',
  'MULTIPLE',
  'CODE_LIB',
  'CONTAINER_TYPE',
  'ARTIFACTORY',
  'SUB_PIPELINE',
  'CUSTOM_FILE',
  'PASSWORD',
  'TEMPORARY',
  'FORM_LIST',
] as const;
export type BuildFormPropertyType = (typeof BUILD_FORM_PROPERTY_TYPES)[number];

export const BUILD_NO_TYPES = ['CONSISTENT', 'SUCCESS_BUILD_INCREMENT', 'EVERY_BUILD_INCREMENT'] as const;
export type BuildNoType = (typeof BUILD_NO_TYPES)[number];

export const RUN_LOCK_TYPES = ['MULTIPLE', 'SINGLE', 'SINGLE_LOCK', 'LOCK', 'GROUP_LOCK'] as const;
export type PipelineRunLockType = (typeof RUN_LOCK_TYPES)[number];

export const TEMPLATE_REF_TYPES = ['ID', 'PATH'] as const;
export type TemplateRefType = (typeof TEMPLATE_REF_TYPES)[number];

export const CONTAINER_TYPES = ['trigger', 'vmBuild', 'normal', 'jobTemplate'] as const;
export type ContainerType = (typeof CONTAINER_TYPES)[number];

/** Element `@type`s that belong in the trigger container only. */
export const TRIGGER_ELEMENT_TYPES = [
  'manualTrigger',
  'timerTrigger',
  'remoteTrigger',
  'codeGitWebHookTrigger',
  'codeGitlabWebHookTrigger',
  'codeGithubWebHookTrigger',
  'codeSVNWebHookTrigger',
  'codeTGitWebHookTrigger',
  'codeP4WebHookTrigger',
  'codeScmGitWebHookTrigger',
  'codeScmSvnWebHookTrigger',
  'codeTapdWebHookTrigger',
] as const;
export type TriggerElementType = (typeof TRIGGER_ELEMENT_TYPES)[number];

export const PIPELINE_TEMPLATE_TYPES = ['PIPELINE', 'STAGE', 'JOB', 'STEP', 'VARIABLE'] as const;
export type PipelineTemplateType = (typeof PIPELINE_TEMPLATE_TYPES)[number];
