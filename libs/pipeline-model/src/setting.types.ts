import type { PipelineRunLockType } from './enums';

/** A notification rule of the setting (`Subscription`). */
export interface Subscription {
  /** EMAIL, RTX, SMS, VOICE… */
  types: string[];
  groups: string[];
  /** Comma-joined receivers. */
  users: string;
  wechatGroupFlag: boolean;
  wechatGroup: string;
  wechatGroupMarkdownFlag: boolean;
  detailFlag: boolean;
  content: string;
}

export interface PipelineAsCodeSettings {
  enable?: boolean;
  inheritedDialect?: boolean | null;
  pipelineDialect?: 'CLASSIC' | 'CONSTRAINED' | null;
}

/** The subset of `PipelineSetting` the YAML carries. */
export interface PipelineSetting {
  projectId?: string;
  pipelineId?: string;
  pipelineName: string;
  desc: string;
  labels?: string[];
  buildNumRule?: string | null;
  successSubscriptionList?: Subscription[];
  failSubscriptionList?: Subscription[];
  runLockType: PipelineRunLockType;
  waitQueueTimeMinute?: number;
  maxQueueSize?: number;
  concurrencyGroup?: string | null;
  concurrencyCancelInProgress?: boolean;
  maxConRunningQueueSize?: number | null;
  failIfVariableInvalid?: boolean | null;
  buildCancelPolicy?: 'EXECUTE_PERMISSION' | 'RESTRICTED';
  maxPipelineResNum?: number;
  cleanVariablesWhenRetry?: boolean | null;
  pipelineAsCodeSettings?: PipelineAsCodeSettings | null;
}

export const DEFAULT_CONCURRENCY_GROUP = '${{ci.pipeline_id}}';
