import type { DependOnType, JobRunCondition, RunCondition, StageRunCondition } from './enums';

/** `NameAndValue`: one custom variable of a run condition, or one custom env entry. */
export interface NameAndValue {
  key: string | null;
  value: string | null;
}

export interface StageControlOption {
  enable: boolean;
  runCondition?: StageRunCondition;
  customVariables?: NameAndValue[] | null;
  customCondition?: string | null;
  manualTrigger?: boolean | null;
  triggerUsers?: string[] | null;
  triggered?: boolean | null;
  timeout?: number | null;
  reviewParams?: ManualReviewParam[] | null;
  reviewDesc?: string | null;
}

export interface StageReviewGroup {
  id?: string | null;
  name: string;
  reviewers: string[];
  groups?: string[];
  status?: string | null;
  operator?: string | null;
  reviewTime?: number | null;
  suggest?: string | null;
  params?: ManualReviewParam[] | null;
}

export interface ManualReviewParam {
  key: string;
  value?: unknown;
  valueType?: 'STRING' | 'TEXTAREA' | 'BOOLEAN' | 'ENUM' | 'CHECKBOX' | 'MULTIPLE';
  required?: boolean;
  chineseName?: string | null;
  desc?: string | null;
  options?: Array<{ key: string; value: string }> | null;
  variableOption?: string | null;
}

/** Stage entry/exit check (`StagePauseCheck`). `timeout` is in hours. */
export interface StagePauseCheck {
  manualTrigger?: boolean | null;
  status?: string | null;
  reviewDesc?: string | null;
  reviewGroups?: StageReviewGroup[] | null;
  reviewParams?: ManualReviewParam[] | null;
  timeout?: number | null;
  ruleIds?: string[] | null;
  checkTimes?: number | null;
  markdownContent?: boolean | null;
  notifyType?: string[] | null;
  notifyGroup?: string[] | null;
}

export interface JobControlOption {
  enable: boolean;
  prepareTimeout?: number | null;
  timeout?: number | null;
  timeoutVar?: string | null;
  runCondition: JobRunCondition;
  customVariables?: NameAndValue[] | null;
  customCondition?: string | null;
  dependOnType?: DependOnType | null;
  dependOnId?: string[] | null;
  dependOnName?: string | null;
  continueWhenFailed?: boolean | null;
  singleNodeConcurrency?: number | null;
  allNodeConcurrency?: number | null;
}

export interface MutexGroup {
  enable: boolean;
  mutexGroupName?: string | null;
  queueEnable: boolean;
  queue: number;
  timeout?: number;
  timeoutVar?: string | null;
  runtimeMutexGroup?: string | null;
  linkTip?: string | null;
}

export interface MatrixControlOption {
  strategyStr?: string | null;
  includeCaseStr?: string | null;
  excludeCaseStr?: string | null;
  fastKill?: boolean | null;
  maxConcurrency?: number | null;
  customDispatchInfo?: unknown;
  totalCount?: number | null;
  finishCount?: number | null;
}

/** Step options (`ElementAdditionalOptions`); `timeout` is in minutes. */
export interface ElementAdditionalOptions {
  enable: boolean;
  continueWhenFailed?: boolean;
  manualSkip?: boolean | null;
  retryWhenFailed?: boolean;
  retryCount?: number;
  manualRetry?: boolean;
  timeout?: number | null;
  timeoutVar?: string | null;
  runCondition?: RunCondition | null;
  pauseBeforeExec?: boolean | null;
  subscriptionPauseUser?: string | null;
  customVariables?: NameAndValue[] | null;
  customCondition?: string | null;
  elementPostInfo?: unknown;
  otherTask?: string | null;
}
