import { DomainError } from '@bkci/core';

/** Module 05 (environment) in BK-CI's 21MMNNN scheme; BK-CI's own codes where it has one. Stable: clients match on them. */
export enum EnvironmentErrorCode {
  /** BK-CI ERROR_ENV_NOT_EXISTS. */
  ENV_NOT_EXISTS = 2105000,
  /** BK-CI ERROR_NODE_NOT_EXISTS. */
  NODE_NOT_EXISTS = 2105002,
  /** BK-CI ERROR_NODE_NAME_DUPLICATE (an env name taken in the project). */
  ENV_NAME_DUPLICATE = 2105003,
  /** BK-CI ERROR_ENV_BUILD_2_DEPLOY_DENY. */
  ENV_BUILD_2_DEPLOY_DENY = 2105004,
  /** BK-CI ERROR_ENV_DEPLOY_2_BUILD_DENY. */
  ENV_DEPLOY_2_BUILD_DENY = 2105005,
  /** BK-CI ERROR_NODE_NO_EDIT_PERMISSSION: tagging a node the caller may not edit. */
  NODE_NO_EDIT_PERMISSION = 2105015,
  /** BK-CI ERROR_ENV_BUILD_CAN_NOT_ADD_SVR: a server (CMDB) node in a BUILD env. */
  ENV_BUILD_CAN_NOT_ADD_SVR = 2105021,
  /** BK-CI ERROR_ENV_DEPLOY_CAN_NOT_ADD_AGENT: a build agent in a deploy env. */
  ENV_DEPLOY_CAN_NOT_ADD_AGENT = 2105022,
  /** BK-CI ERROR_QUOTA_LIMIT: more than 500 projects share one env. */
  QUOTA_LIMIT = 2105026,
  /** BK-CI ERROR_NODE_SHARE_PROJECT_EMPTY. */
  SHARE_PROJECT_EMPTY = 2105036,
  /** BK-CI ERROR_NODE_SHARE_PROJECT_TYPE_ERROR: only BUILD envs are shared. */
  SHARE_PROJECT_TYPE_ERROR = 2105037,
  /** BK-CI ERROR_NODE_NAME_INVALID_CHARACTER: '@' is kept for `<project>@<env>`. */
  ENV_NAME_INVALID_CHARACTER = 2105038,
  /** BK-CI ERROR_NODE_NO_USE_PERMISSSION: adding a node the caller may not use. */
  NODE_NO_USE_PERMISSION = 2105045,
  /** BK-CI ERROR_NODE_TAG_EXIST. */
  NODE_TAG_EXIST = 2105059,
  /** BK-CI ERROR_NODE_TAG_HAS_NODE: a tag still on nodes cannot be deleted. */
  NODE_TAG_HAS_NODE = 2105060,
  /** BK-CI ERROR_NODE_TAG_ONLY_SUP_THIRD. */
  NODE_TAG_ONLY_SUP_THIRD = 2105061,
  /** BK-CI ERROR_NODE_TAG_NO_ALLOW_VALUES: two values of a single-value key on one node. */
  NODE_TAG_NO_ALLOW_VALUES = 2105062,
  /** BK-CI ERROR_ENV_ADD_NODE_OS_ERROR: a node of another OS in an OS-bound build env. */
  ENV_ADD_NODE_OS_ERROR = 2105075,
  /** A tag key or value id the project does not have. */
  NODE_TAG_NOT_EXISTS = 2105101,
  /** The secure env vars cannot be opened: the stored data was altered or its master key is missing. */
  DECRYPTION_FAILED = 2105102,
  /** A node is not in the env whose membership is being changed. */
  NODE_NOT_IN_ENV = 2105103,
  /** An env var name given twice. */
  ENV_VAR_DUPLICATE = 2105104,
}

const HTTP_STATUS: Record<EnvironmentErrorCode, number> = {
  [EnvironmentErrorCode.ENV_NOT_EXISTS]: 404,
  [EnvironmentErrorCode.NODE_NOT_EXISTS]: 404,
  [EnvironmentErrorCode.ENV_NAME_DUPLICATE]: 409,
  [EnvironmentErrorCode.ENV_BUILD_2_DEPLOY_DENY]: 400,
  [EnvironmentErrorCode.ENV_DEPLOY_2_BUILD_DENY]: 400,
  [EnvironmentErrorCode.NODE_NO_EDIT_PERMISSION]: 403,
  [EnvironmentErrorCode.ENV_BUILD_CAN_NOT_ADD_SVR]: 400,
  [EnvironmentErrorCode.ENV_DEPLOY_CAN_NOT_ADD_AGENT]: 400,
  [EnvironmentErrorCode.QUOTA_LIMIT]: 400,
  [EnvironmentErrorCode.SHARE_PROJECT_EMPTY]: 400,
  [EnvironmentErrorCode.SHARE_PROJECT_TYPE_ERROR]: 400,
  [EnvironmentErrorCode.ENV_NAME_INVALID_CHARACTER]: 400,
  [EnvironmentErrorCode.NODE_NO_USE_PERMISSION]: 403,
  [EnvironmentErrorCode.NODE_TAG_EXIST]: 409,
  [EnvironmentErrorCode.NODE_TAG_HAS_NODE]: 409,
  [EnvironmentErrorCode.NODE_TAG_ONLY_SUP_THIRD]: 400,
  [EnvironmentErrorCode.NODE_TAG_NO_ALLOW_VALUES]: 400,
  [EnvironmentErrorCode.ENV_ADD_NODE_OS_ERROR]: 400,
  [EnvironmentErrorCode.NODE_TAG_NOT_EXISTS]: 404,
  // The stored data is damaged or the key is missing: the server's fault, not the caller's.
  [EnvironmentErrorCode.DECRYPTION_FAILED]: 500,
  [EnvironmentErrorCode.NODE_NOT_IN_ENV]: 400,
  [EnvironmentErrorCode.ENV_VAR_DUPLICATE]: 400,
};

export class EnvironmentError extends DomainError {
  constructor(code: EnvironmentErrorCode, message: string, data: unknown = null) {
    super(code, HTTP_STATUS[code], message, data);
  }
}
