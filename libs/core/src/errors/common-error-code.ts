import { DomainError } from './domain-error';

/** Codes of module 00 (common), shared by every app. Numbers follow BK-CI's CommonMessageCode. */
export enum CommonErrorCode {
  SYSTEM_ERROR = 2100001,
  PARAMETER_MISSING = 2100002,
  PARAMETER_DUPLICATE = 2100003,
  PARAMETER_INVALID = 2100004,
  UNAUTHENTICATED = 2100005,
  PERMISSION_DENIED = 2100006,
  NOT_FOUND = 2100007,
  SERVICE_UNAVAILABLE = 2100008,
  TOO_MANY_REQUESTS = 2100009,
  PAYLOAD_TOO_LARGE = 2100010,
  UNSUPPORTED_MEDIA_TYPE = 2100011,
}

export function commonHttpStatus(code: CommonErrorCode): number {
  switch (code) {
    case CommonErrorCode.SYSTEM_ERROR:
      return 500;
    case CommonErrorCode.PARAMETER_MISSING:
    case CommonErrorCode.PARAMETER_INVALID:
      return 400;
    case CommonErrorCode.PARAMETER_DUPLICATE:
      return 409;
    case CommonErrorCode.UNAUTHENTICATED:
      return 401;
    case CommonErrorCode.PERMISSION_DENIED:
      return 403;
    case CommonErrorCode.NOT_FOUND:
      return 404;
    case CommonErrorCode.SERVICE_UNAVAILABLE:
      return 503;
    case CommonErrorCode.TOO_MANY_REQUESTS:
      return 429;
    case CommonErrorCode.PAYLOAD_TOO_LARGE:
      return 413;
    case CommonErrorCode.UNSUPPORTED_MEDIA_TYPE:
      return 415;
  }
}

export class CommonError extends DomainError {
  constructor(code: CommonErrorCode, message: string, data: unknown = null) {
    super(code, commonHttpStatus(code), message, data);
  }
}
