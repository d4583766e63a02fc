import { DomainError } from '@bkci/core';

/** Module 01 (process) in BK-CI's 21MMNNN scheme; numbers are BK-CI's ProcessMessageCode where one fits. */
export enum BuildErrorCode {
  /** BK-CI DENY_START_BY_MANUAL: the version has no enabled manual trigger. */
  MANUAL_START_DENIED = 2101021,
  /** BK-CI ERROR_PIPELINE_LOCK: a LOCK pipeline does not start builds. */
  PIPELINE_LOCKED = 2101047,
  /** BK-CI ERROR_PIPELINE_QUEUE_FULL: a queue of size 0 with a build running or waiting. */
  QUEUE_FULL = 2101049,
  /** BK-CI ERROR_NO_BUILD_EXISTS_BY_ID. */
  BUILD_NOT_FOUND = 2101163,
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
}

const HTTP_STATUS: Record<BuildErrorCode, number> = {
  [BuildErrorCode.MANUAL_START_DENIED]: 400,
  [BuildErrorCode.PIPELINE_LOCKED]: 400,
  [BuildErrorCode.QUEUE_FULL]: 400,
  [BuildErrorCode.BUILD_NOT_FOUND]: 404,
  [BuildErrorCode.BUILD_FINISHED]: 409,
  [BuildErrorCode.PARAM_EMPTY]: 400,
  [BuildErrorCode.PARAM_TOO_LONG]: 400,
  [BuildErrorCode.NOT_LATEST_RELEASE]: 400,
  [BuildErrorCode.PARAM_INVALID]: 400,
  [BuildErrorCode.EXECUTION_NOT_FOUND]: 404,
  [BuildErrorCode.TIMER_START_DENIED]: 400,
};

export class BuildError extends DomainError {
  constructor(code: BuildErrorCode, message: string, data: unknown = null) {
    super(code, HTTP_STATUS[code], message, data);
  }
}

export function buildNotFound(pipelineId: string, buildId: string): BuildError {
  return new BuildError(BuildErrorCode.BUILD_NOT_FOUND, `Build ${buildId} of pipeline ${pipelineId} does not exist`);
}
