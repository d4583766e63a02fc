import { DomainError } from '@bkci/core';

/** Module 01 (process) in BK-CI's 21MMNNN scheme; numbers are BK-CI's ProcessMessageCode where one fits. */
export enum BuildErrorCode {
  /** BK-CI USER_NEED_PIPELINE_X_PERMISSION, as its stage review answers a caller who is not a reviewer of the waiting group. */
  NOT_STAGE_REVIEWER = 2101008,
  /** BK-CI ERROR_QUALITY_REVIEWER_NOT_MATCH, as its manual review step answers a caller who is not one of the step's reviewers. */
  NOT_TASK_REVIEWER = 2101018,
  /** BK-CI ERROR_TASK_REVIEW_NOT_FOUND_OR_NOT_RUNNING: no manual review step of that id waits for its review. */
  TASK_NOT_REVIEWING = 2101279,
  /** BK-CI ERROR_PIPELINE_STAGE_REVIEW_GROUP_NOT_FOUND: the request names a group that is not the one waiting. */
  REVIEW_GROUP_NOT_WAITING = 2101073,
  /** BK-CI ERROR_PIPELINE_STAGE_REVIEW_VARIABLES_OUT_OF_LENGTH. */
  REVIEW_PARAM_TOO_LONG = 2101082,
  /** BK-CI ERROR_PIPELINE_DEPENDON_CYCLE: jobs of a stage depend on each other; the build is refused before it starts. */
  DEPEND_ON_CYCLE = 2101145,
  /** BK-CI ERROR_NO_STAGE_EXISTS_BY_ID. */
  STAGE_NOT_FOUND = 2101166,
  /** BK-CI ERROR_STAGE_IS_NOT_PAUSED: the stage is not waiting for its check-in review. */
  STAGE_NOT_PAUSED = 2101167,
  /** BK-CI DENY_START_BY_MANUAL: the version has no enabled manual trigger. */
  MANUAL_START_DENIED = 2101021,
  /** BK-CI ERROR_PIPELINE_LOCK: a LOCK pipeline does not start builds. */
  PIPELINE_LOCKED = 2101047,
  /** BK-CI ERROR_PIPELINE_QUEUE_FULL: a queue of size 0 with a build running or waiting. */
  QUEUE_FULL = 2101049,
  /** BK-CI ERROR_NO_BUILD_EXISTS_BY_ID. */
  BUILD_NOT_FOUND = 2101163,
  /** BK-CI ERROR_BUILD_EXPIRED_CANT_RETRY: the retry names a stage, job or step the build does not have. */
  RETRY_TARGET_NOT_FOUND = 2101081,
  /** BK-CI ERROR_RETRY_STAGE_NOT_FAILED: only a failed or cancelled stage is retried by its id. */
  RETRY_STAGE_NOT_FAILED = 2101114,
  /** BK-CI ERROR_DUPLICATE_BUILD_RETRY_ACT: the build is still running (or already retried and not ended). */
  RETRY_BUILD_RUNNING = 2101129,
  /** BK-CI ERROR_RETRY_TASK_NOT_FAILED: only a failed or cancelled step is skipped. */
  RETRY_TASK_NOT_FAILED = 2101277,
  /** BK-CI PIPELINE_BUILD_HAS_ENDED_CANNOT_BE_OPERATE. */
  BUILD_FINISHED = 2101182,
  /** BK-CI ERROR_PIPELINE_BUILD_START_PARAM_NO_EMPTY: a `valueNotEmpty` param got no value. */
  PARAM_EMPTY = 2101254,
  /** BK-CI ERROR_PIPELINE_VARIABLES_OUT_OF_LENGTH: a value longer than a build variable holds. */
  PARAM_TOO_LONG = 2101256,
  /** BK-CI ERROR_NON_LATEST_RELEASE_VERSION: only the latest released version may run. */
  NOT_LATEST_RELEASE = 2101266,
  /** Ours (BK-CI trusts its console here): a value its param cannot take (not an option, not a boolean, …). */
  PARAM_INVALID = 2101901,
  /** Ours: a timer fired for a release that no longer has it enabled (BK-CI skips such a timer). */
  TIMER_START_DENIED = 2101903,
  /** Ours: a record read names an execution the build does not have. */
  EXECUTION_NOT_FOUND = 2101902,
  /** Ours: a worker call names a job its agent does not run (another agent's, or one that ended for the agents). */
  JOB_NOT_ON_AGENT = 2101910,
  /** Ours: a worker call names a job its build token was not issued for. */
  JOB_TOKEN_MISMATCH = 2101911,
  /** Ours: a completion names a step the worker was not given. */
  TASK_NOT_CLAIMED = 2101912,
  /** Ours: the pipeline has a step no agent or engine here can run; the build is refused before it starts. */
  STEP_NOT_RUNNABLE = 2101913,
}

const HTTP_STATUS: Record<BuildErrorCode, number> = {
  [BuildErrorCode.NOT_STAGE_REVIEWER]: 403,
  [BuildErrorCode.REVIEW_GROUP_NOT_WAITING]: 403,
  [BuildErrorCode.NOT_TASK_REVIEWER]: 403,
  [BuildErrorCode.TASK_NOT_REVIEWING]: 409,
  [BuildErrorCode.REVIEW_PARAM_TOO_LONG]: 400,
  [BuildErrorCode.DEPEND_ON_CYCLE]: 400,
  [BuildErrorCode.STAGE_NOT_FOUND]: 404,
  [BuildErrorCode.STAGE_NOT_PAUSED]: 409,
  [BuildErrorCode.MANUAL_START_DENIED]: 400,
  [BuildErrorCode.PIPELINE_LOCKED]: 400,
  [BuildErrorCode.QUEUE_FULL]: 400,
  [BuildErrorCode.BUILD_NOT_FOUND]: 404,
  [BuildErrorCode.BUILD_FINISHED]: 409,
  [BuildErrorCode.RETRY_TARGET_NOT_FOUND]: 404,
  [BuildErrorCode.RETRY_STAGE_NOT_FAILED]: 409,
  [BuildErrorCode.RETRY_BUILD_RUNNING]: 409,
  [BuildErrorCode.RETRY_TASK_NOT_FAILED]: 409,
  [BuildErrorCode.PARAM_EMPTY]: 400,
  [BuildErrorCode.PARAM_TOO_LONG]: 400,
  [BuildErrorCode.NOT_LATEST_RELEASE]: 400,
  [BuildErrorCode.PARAM_INVALID]: 400,
  [BuildErrorCode.EXECUTION_NOT_FOUND]: 404,
  [BuildErrorCode.TIMER_START_DENIED]: 400,
  [BuildErrorCode.JOB_NOT_ON_AGENT]: 409,
  [BuildErrorCode.JOB_TOKEN_MISMATCH]: 403,
  [BuildErrorCode.TASK_NOT_CLAIMED]: 409,
  [BuildErrorCode.STEP_NOT_RUNNABLE]: 400,
};

export class BuildError extends DomainError {
  constructor(code: BuildErrorCode, message: string, data: unknown = null) {
    super(code, HTTP_STATUS[code], message, data);
  }
}

export function buildNotFound(pipelineId: string, buildId: string): BuildError {
  return new BuildError(BuildErrorCode.BUILD_NOT_FOUND, `Build ${buildId} of pipeline ${pipelineId} does not exist`);
}
