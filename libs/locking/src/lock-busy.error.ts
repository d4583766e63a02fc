import { CommonError, CommonErrorCode } from '@bkci/core';

/** Someone else holds the lock and did not let go in time: the caller may retry later. */
export class LockBusyError extends CommonError {
  constructor(readonly key: string) {
    super(CommonErrorCode.TOO_MANY_REQUESTS, `Resource ${key} is busy with another operation; retry shortly`, { key });
  }
}
