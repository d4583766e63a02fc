import { DomainError } from '@bkci/core';

/** Module 12 (openapi) in BK-CI's 21MMNNN scheme. */
export enum TokenErrorCode {
  TOKEN_NOT_FOUND = 2112101,
  EXPIRY_TOO_LONG = 2112102,
}

const HTTP_STATUS: Record<TokenErrorCode, number> = {
  [TokenErrorCode.TOKEN_NOT_FOUND]: 404,
  [TokenErrorCode.EXPIRY_TOO_LONG]: 400,
};

export class TokenError extends DomainError {
  constructor(code: TokenErrorCode, message: string) {
    super(code, HTTP_STATUS[code], message);
  }
}
