/** Module 12 (openapi) in BK-CI's 21MMNNN scheme; sent in the envelope of a 429. */
export enum RateLimitErrorCode {
  /** The caller's bucket (its user, app or address, for the class of route) is empty. */
  RATE_LIMITED = 2112501,
  /** Too many failed authentications came from the client's address. */
  AUTHENTICATION_THROTTLED = 2112502,
}
