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

const HTTP_STATUS: Record<CommonErrorCode, number> = {
  [CommonErrorCode.SYSTEM_ERROR]: 500,
  [CommonErrorCode.PARAMETER_MISSING]: 400,
  [CommonErrorCode.PARAMETER_DUPLICATE]: 409,
  [CommonErrorCode.PARAMETER_INVALID]: 400,
  [CommonErrorCode.UNAUTHENTICATED]: 401,
  [CommonErrorCode.PERMISSION_DENIED]: 403,
  [CommonErrorCode.NOT_FOUND]: 404,
  [CommonErrorCode.SERVICE_UNAVAILABLE]: 503,
  [CommonErrorCode.TOO_MANY_REQUESTS]: 429,
  [CommonErrorCode.PAYLOAD_TOO_LARGE]: 413,
  [CommonErrorCode.UNSUPPORTED_MEDIA_TYPE]: 415,
};

export class CommonError extends DomainError {
  constructor(code: CommonErrorCode, message: string, data: unknown = null) {
    super(code, HTTP_STATUS[code], message, data);
  }
}
