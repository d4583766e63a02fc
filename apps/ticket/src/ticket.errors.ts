import { DomainError } from '@bkci/core';

/** Module 18 (ticket) in BK-CI's 21MMNNN scheme; BK-CI's own codes where it has one. Stable: clients match on them. */
export enum TicketErrorCode {
  ID_INVALID = 2118003,
  ID_TOO_LONG = 2118007,
  CREDENTIAL_EXISTS = 2118008,
  CREDENTIAL_NOT_FOUND = 2118001,
  FIELD_INVALID = 2118101,
  DECRYPTION_FAILED = 2118102,
  BUILD_TOKEN_INVALID = 2118103,
  NOT_ACROSS_PROJECT = 2118104,
  CONCURRENT_UPDATE = 2118105,
  CERT_PASSWORD_WRONG = 2118018,
  CERT_ALIAS_NOT_FOUND = 2118019,
  CERT_EXISTS = 2118106,
  CERT_NOT_FOUND = 2118107,
}

const HTTP_STATUS: Record<TicketErrorCode, number> = {
  [TicketErrorCode.ID_INVALID]: 400,
  [TicketErrorCode.ID_TOO_LONG]: 400,
  [TicketErrorCode.CREDENTIAL_EXISTS]: 409,
  [TicketErrorCode.CREDENTIAL_NOT_FOUND]: 404,
  [TicketErrorCode.FIELD_INVALID]: 400,
  // The stored data is damaged or the key is missing: the server's fault, not the caller's.
  [TicketErrorCode.DECRYPTION_FAILED]: 500,
  [TicketErrorCode.BUILD_TOKEN_INVALID]: 401,
  [TicketErrorCode.NOT_ACROSS_PROJECT]: 403,
  [TicketErrorCode.CONCURRENT_UPDATE]: 409,
  [TicketErrorCode.CERT_PASSWORD_WRONG]: 400,
  [TicketErrorCode.CERT_ALIAS_NOT_FOUND]: 400,
  [TicketErrorCode.CERT_EXISTS]: 409,
  [TicketErrorCode.CERT_NOT_FOUND]: 404,
};

export class TicketError extends DomainError {
  constructor(code: TicketErrorCode, message: string, data: unknown = null) {
    super(code, HTTP_STATUS[code], message, data);
  }
}
