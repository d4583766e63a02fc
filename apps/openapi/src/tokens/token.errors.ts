import { DomainError } from '@bkci/core';

/** Module 12 (openapi) in BK-CI's 21MMNNN scheme. */
export enum TokenErrorCode {
  TOKEN_NOT_FOUND = 2112101,
}

function httpStatusOf(code: TokenErrorCode): number {
  switch (code) {
    case TokenErrorCode.TOKEN_NOT_FOUND:
      return 404;
  }
}

export class TokenError extends DomainError {
  constructor(code: TokenErrorCode, message: string) {
    super(code, httpStatusOf(code), message);
  }
}
