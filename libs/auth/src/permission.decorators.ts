import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Action } from './rbac-vocabulary';
import { AgentIdentity, BuildIdentity, Caller, callerOf } from './caller';

export const ACCESS_RULE_KEY = 'bkci:access-rule';

/**
 * What a route demands of its caller. Every route must declare one: the guard refuses routes
 * that declare nothing, so a forgotten check fails closed.
 */
export type AccessRule =
  | { kind: 'permission'; action: Action; projectParam: string; resourceParam: string | null }
  | { kind: 'authenticated' }
  | { kind: 'admin' }
  | { kind: 'service' }
  | { kind: 'build' }
  | { kind: 'agent' }
  | { kind: 'public' };

export interface PermissionTarget {
  /** The route parameter naming the project (default `projectId`). */
  projectParam?: string;
  /**
   * The route parameter, or else query parameter, naming the resource the action is on. When the
   * request names one, a grant on that resource alone is enough; otherwise a project-wide one is needed.
   */
  resourceParam?: string;
}

/** The caller needs `action` in the project (and on the resource) the request names. */
export const RequirePermission = (action: Action, target: PermissionTarget = {}) =>
  SetMetadata(ACCESS_RULE_KEY, {
    kind: 'permission',
    action,
    projectParam: target.projectParam ?? 'projectId',
    resourceParam: target.resourceParam ?? null,
  } satisfies AccessRule);

/** Any authenticated user; the handler itself scopes what they see (e.g. their own projects). */
export const RequireAuthenticated = () => SetMetadata(ACCESS_RULE_KEY, { kind: 'authenticated' } satisfies AccessRule);

/** System administrators only (operator routes). */
export const RequireAdmin = () => SetMetadata(ACCESS_RULE_KEY, { kind: 'admin' } satisfies AccessRule);

/** Other apps only: user traffic through the gateway may not reach service APIs. */
export const RequireService = () => SetMetadata(ACCESS_RULE_KEY, { kind: 'service' } satisfies AccessRule);

/** A running build only (its token verified by the gateway): agents and build steps writing logs, reading secrets. */
export const RequireBuild = () => SetMetadata(ACCESS_RULE_KEY, { kind: 'build' } satisfies AccessRule);

/** A build agent only (its id and secret verified by the gateway): startup, heartbeat, the long poll. */
export const RequireAgent = () => SetMetadata(ACCESS_RULE_KEY, { kind: 'agent' } satisfies AccessRule);

/**
 * Anyone, with no user behind the request (`/api/external/...`, which the gateway forwards without
 * authentication): the route checks its own proof, such as a single-use install token.
 */
export const RequireNothing = () => SetMetadata(ACCESS_RULE_KEY, { kind: 'public' } satisfies AccessRule);

/** The agent of a `@RequireAgent()` route's caller. */
export const CurrentAgent = createParamDecorator((_data: unknown, context: ExecutionContext): AgentIdentity => {
  const agent = callerOf(context.switchToHttp().getRequest())?.agent;
  if (!agent) throw new Error('CurrentAgent used on a route without RequireAgent');
  return agent;
});

/** The build of a `@RequireBuild()` route's caller. */
export const CurrentBuild = createParamDecorator((_data: unknown, context: ExecutionContext): BuildIdentity => {
  const build = callerOf(context.switchToHttp().getRequest())?.build;
  if (!build) throw new Error('CurrentBuild used on a route without RequireBuild');
  return build;
});

export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = callerOf(context.switchToHttp().getRequest());
  if (!caller) throw new Error('CurrentCaller used on a request that was not authenticated');
  return caller;
});
