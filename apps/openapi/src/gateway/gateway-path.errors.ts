/** Codes the gateway answers when it reads a path (module 12, openapi, in BK-CI's 21MMNNN scheme). */
export enum GatewayPathErrorCode {
  /** An OpenAPI call of a version other than v4 (404). */
  API_VERSION_NOT_SERVED = 2112901,
}
