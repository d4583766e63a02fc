import { DomainError } from '@bkci/core';

/**
 * Module 05 (environment) in BK-CI's 21MMNNN scheme; BK-CI's own code where it has one, the agents'
 * own from 2105200 on. Stable: clients match on them.
 */
export enum AgentErrorCode {
  NODE_NOT_EXISTS = 2105002,
  AGENT_STATUS_EXCEPTION = 2105018,
  AGENT_CREDENTIALS_INVALID = 2105019,
  AGENT_HOST_MISMATCH = 2105201,
  AGENT_NOT_FOUND = 2105202,
  INSTALL_TOKEN_INVALID = 2105203,
  OS_NOT_SUPPORTED = 2105204,
  AGENT_BUNDLE_MISSING = 2105205,
  IMPORT_BUSY = 2105206,
  DECRYPTION_FAILED = 2105207,
}

const HTTP_STATUS: Record<AgentErrorCode, number> = {
  [AgentErrorCode.NODE_NOT_EXISTS]: 404,
  [AgentErrorCode.AGENT_STATUS_EXCEPTION]: 409,
  [AgentErrorCode.AGENT_CREDENTIALS_INVALID]: 401,
  [AgentErrorCode.AGENT_HOST_MISMATCH]: 403,
  [AgentErrorCode.AGENT_NOT_FOUND]: 404,
  [AgentErrorCode.INSTALL_TOKEN_INVALID]: 403,
  [AgentErrorCode.OS_NOT_SUPPORTED]: 400,
  // The server was deployed without `npm run build`: its fault, not the caller's.
  [AgentErrorCode.AGENT_BUNDLE_MISSING]: 503,
  [AgentErrorCode.IMPORT_BUSY]: 409,
  // The stored data is damaged or the key is missing: the server's fault, not the caller's.
  [AgentErrorCode.DECRYPTION_FAILED]: 500,
};

export class AgentError extends DomainError {
  constructor(code: AgentErrorCode, message: string, data: unknown = null) {
    super(code, HTTP_STATUS[code], message, data);
  }
}
