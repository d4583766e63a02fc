import { DomainError } from '@bkci/core';

/** Module 08 (log) in BK-CI's 21MMNNN scheme. Stable: clients match on them. */
export enum LogErrorCode {
  /** A line or a query parameter is malformed. */
  INVALID_INPUT = 2108001,
  /** The build has no log here. */
  BUILD_NOT_FOUND = 2108002,
  /** The task already stored its maximum number of lines. */
  TOO_MANY_LINES = 2108003,
  /** The log's build is finished: no more lines are accepted. */
  BUILD_FINISHED = 2108004,
  /** More lines are waiting to be stored than the app holds; retry after the Retry-After delay. */
  OVERLOADED = 2108005,
  /** The line store (Elasticsearch) failed or is unreachable; nothing was stored, retry later. */
  STORE_UNAVAILABLE = 2108006,
}

const HTTP_STATUS: Record<LogErrorCode, number> = {
  [LogErrorCode.INVALID_INPUT]: 400,
  [LogErrorCode.BUILD_NOT_FOUND]: 404,
  [LogErrorCode.TOO_MANY_LINES]: 413,
  [LogErrorCode.BUILD_FINISHED]: 409,
  [LogErrorCode.OVERLOADED]: 429,
  [LogErrorCode.STORE_UNAVAILABLE]: 503,
};

export class LogError extends DomainError {
  constructor(code: LogErrorCode, message: string, data: unknown = null) {
    super(code, HTTP_STATUS[code], message, data);
  }
}
