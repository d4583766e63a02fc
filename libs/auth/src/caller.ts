import type { TokenScope } from './token-scope';

/** Who is calling, as proven by a verified service token. */
export interface Caller {
  /** The end user the request acts for. */
  userId: string;
  /** The app that minted the token: `openapi` for user traffic, another app name for service calls. */
  issuer: string;
  /** The third-party app code when the user came through the gateway in app mode. */
  appCode: string | null;
  /** System administrators pass every permission check. */
  admin: boolean;
  /**
   * The running build the request comes from, when the gateway verified a build's token (agents and
   * build steps). Build routes (`@RequireBuild()`) act for this build only.
   */
  build?: BuildIdentity;
  /**
   * The build agent the request comes from, when the gateway verified an agent's id and secret
   * (`/api/buildAgent/...`). Agent routes (`@RequireAgent()`) act for this agent only; userId is ''.
   */
  agent?: AgentIdentity;
  /**
   * What the token the user came with is limited to (read-only, named projects), when it is; the
   * AccessGuard and PermissionChecker enforce it. Absent: everything the user may do.
   */
  scope?: TokenScope;
}

/** A third-party build agent, as its credentials name it, and the host it says it runs on. */
export interface AgentIdentity {
  projectId: string;
  agentId: string;
  host: string;
}

/** A running build, as its token names it. */
export interface BuildIdentity {
  projectId: string;
  pipelineId: string;
  buildId: string;
  /** The job (its container's seq id) when the token is that job's; absent for a build-wide token. */
  vmSeqId?: string;
}

/** A running build and who started it: the build acts for them. */
export type BuildContext = BuildIdentity & { userId: string };

/**
 * Where a request came from, as the gateway saw it: the request id it minted and the client
 * address. It travels inside the signed service token, so no header a client sends can forge it;
 * calls between apps carry none.
 */
export interface RequestOrigin {
  requestId: string | null;
  clientIp: string | null;
}

export const CALLER_KEY = 'bkciCaller';
const ORIGIN_KEY = 'bkciOrigin';

export function callerOf(request: object): Caller | undefined {
  return (request as Record<string, Caller | undefined>)[CALLER_KEY];
}

export function setCaller(request: object, caller: Caller): void {
  (request as Record<string, Caller>)[CALLER_KEY] = caller;
}

export function originOf(request: object): RequestOrigin {
  return (request as Record<string, RequestOrigin | undefined>)[ORIGIN_KEY] ?? { requestId: null, clientIp: null };
}

export function setOrigin(request: object, origin: RequestOrigin): void {
  (request as Record<string, RequestOrigin>)[ORIGIN_KEY] = origin;
}
