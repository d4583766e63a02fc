/** `on.type` of a repository trigger ↔ the webhook element it becomes; a missing type means git. */
export const SCM_ELEMENT_TYPES = {
  git: 'codeGitWebHookTrigger',
  tgit: 'codeTGitWebHookTrigger',
  github: 'codeGithubWebHookTrigger',
  gitlab: 'codeGitlabWebHookTrigger',
} as const;

export type ScmType = keyof typeof SCM_ELEMENT_TYPES;

/** Element names BK-CI gives triggers the YAML does not name. */
export const DEFAULT_TRIGGER_NAMES = {
  manualTrigger: 'manual',
  timerTrigger: 'timer',
  remoteTrigger: 'remote',
  webhook: 'Git事件触发',
} as const;

/** Actions BK-CI fills in when a rule lists none. */
export const DEFAULT_PUSH_ACTIONS = ['push-file', 'new-branch'];
export const DEFAULT_MR_ACTIONS = ['open', 'reopen', 'push-update'];
export const DEFAULT_PATH_FILTER = 'NamePrefixFilter';
