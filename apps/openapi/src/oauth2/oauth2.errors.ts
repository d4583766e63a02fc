import { DomainError } from '@bkci/core';

/**
 * Module 12 (openapi) in BK-CI's 21MMNNN scheme: OAuth2. The token endpoint's refusals follow RFC 6749
 * §5.2 (invalid_client 401, the rest 400); the names say which RFC error each one is.
 */
export enum Oauth2ErrorCode {
  INVALID_CLIENT = 2112701,
  UNSUPPORTED_GRANT_TYPE = 2112702,
  UNAUTHORIZED_CLIENT = 2112703,
  INVALID_GRANT = 2112704,
  REDIRECT_URI_MISMATCH = 2112705,
  PKCE_FAILED = 2112706,
  SCOPE_NOT_ALLOWED = 2112707,
  INVALID_TOKEN = 2112708,
  APPROVAL_NEEDS_USER_CREDENTIALS = 2112709,
  INVALID_SETTINGS = 2112710,
  CODE_CHALLENGE_INVALID = 2112711,
}

const HTTP_STATUS: Record<Oauth2ErrorCode, number> = {
  [Oauth2ErrorCode.INVALID_CLIENT]: 401,
  [Oauth2ErrorCode.UNSUPPORTED_GRANT_TYPE]: 400,
  [Oauth2ErrorCode.UNAUTHORIZED_CLIENT]: 400,
  [Oauth2ErrorCode.INVALID_GRANT]: 400,
  [Oauth2ErrorCode.REDIRECT_URI_MISMATCH]: 400,
  [Oauth2ErrorCode.PKCE_FAILED]: 400,
  [Oauth2ErrorCode.SCOPE_NOT_ALLOWED]: 400,
  [Oauth2ErrorCode.INVALID_TOKEN]: 401,
  [Oauth2ErrorCode.APPROVAL_NEEDS_USER_CREDENTIALS]: 403,
  [Oauth2ErrorCode.INVALID_SETTINGS]: 400,
  [Oauth2ErrorCode.CODE_CHALLENGE_INVALID]: 400,
};

export class Oauth2Error extends DomainError {
  constructor(code: Oauth2ErrorCode, message: string) {
    super(code, HTTP_STATUS[code], message);
  }
}
