import { DomainError } from '@bkci/core';

/** Module 01 (process) in BK-CI's 21MMNNN scheme; numbers are BK-CI's ProcessMessageCode where one fits. */
export enum PipelineErrorCode {
  /** BK-CI ILLEGAL_PIPELINE_MODEL_JSON. */
  MODEL_INVALID = 2101011,
  /** BK-CI ERROR_PIPELINE_NAME_EXISTS. */
  NAME_EXISTS = 2101013,
  /** BK-CI ERROR_PIPELINE_NAME_TOO_LONG, also used for an empty name. */
  NAME_INVALID = 2101015,
  /** BK-CI ERROR_PIPELINE_NOT_EXISTS. */
  PIPELINE_NOT_FOUND = 2101038,
  /** BK-CI ERROR_PIPELINE_MODEL_NOT_EXISTS: no such version. */
  VERSION_NOT_FOUND = 2101039,
  /** BK-CI ERROR_PIPELINE_DESC_TOO_LONG. */
  DESC_TOO_LONG = 2101056,
  /** Ours (BK-CI leaves 2101071 unused): concurrent saves kept winning the compare-and-set. */
  SAVE_CONFLICT = 2101071,
}

const HTTP_STATUS: Record<PipelineErrorCode, number> = {
  [PipelineErrorCode.MODEL_INVALID]: 400,
  [PipelineErrorCode.NAME_EXISTS]: 409,
  [PipelineErrorCode.NAME_INVALID]: 400,
  [PipelineErrorCode.PIPELINE_NOT_FOUND]: 404,
  [PipelineErrorCode.VERSION_NOT_FOUND]: 404,
  [PipelineErrorCode.DESC_TOO_LONG]: 400,
  [PipelineErrorCode.SAVE_CONFLICT]: 409,
};

export class PipelineError extends DomainError {
  constructor(code: PipelineErrorCode, message: string, data: unknown = null) {
    super(code, HTTP_STATUS[code], message, data);
  }
}

export function pipelineNotFound(projectId: string, pipelineId: string): PipelineError {
  return new PipelineError(PipelineErrorCode.PIPELINE_NOT_FOUND, `Pipeline ${pipelineId} does not exist in project ${projectId}`);
}

export function nameExists(projectId: string, pipelineName: string): PipelineError {
  return new PipelineError(
    PipelineErrorCode.NAME_EXISTS,
    `Project ${projectId} already has a pipeline named "${pipelineName}"; choose another name`,
  );
}
