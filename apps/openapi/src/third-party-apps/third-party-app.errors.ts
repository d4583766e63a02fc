import { DomainError } from '@bkci/core';

/** Module 12 (openapi) in BK-CI's 21MMNNN scheme: third-party apps (app mode). */
export enum ThirdPartyAppErrorCode {
  APP_NOT_FOUND = 2112401,
  APP_CODE_TAKEN = 2112402,
  TOO_MANY_ACTIVE_SECRETS = 2112403,
  SECRET_NOT_FOUND = 2112404,
  APP_NOT_BOUND_TO_PROJECT = 2112405,
  APP_CREDENTIALS_INVALID = 2112406,
  APP_USER_MISSING = 2112407,
  APP_CALL_NAMES_NO_PROJECT = 2112408,
}

const HTTP_STATUS: Record<ThirdPartyAppErrorCode, number> = {
  [ThirdPartyAppErrorCode.APP_NOT_FOUND]: 404,
  [ThirdPartyAppErrorCode.APP_CODE_TAKEN]: 409,
  [ThirdPartyAppErrorCode.TOO_MANY_ACTIVE_SECRETS]: 409,
  [ThirdPartyAppErrorCode.SECRET_NOT_FOUND]: 404,
  [ThirdPartyAppErrorCode.APP_NOT_BOUND_TO_PROJECT]: 403,
  [ThirdPartyAppErrorCode.APP_CREDENTIALS_INVALID]: 401,
  [ThirdPartyAppErrorCode.APP_USER_MISSING]: 400,
  [ThirdPartyAppErrorCode.APP_CALL_NAMES_NO_PROJECT]: 403,
};

export class ThirdPartyAppError extends DomainError {
  constructor(code: ThirdPartyAppErrorCode, message: string) {
    super(code, HTTP_STATUS[code], message);
  }
}
