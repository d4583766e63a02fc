import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { Action } from './rbac-vocabulary';
import { Caller, callerOf } from './caller';

export const ACCESS_RULE_KEY = 'bkci:access-rule';

/**
 * What a route demands of its caller. Every route must declare one: the guard refuses routes
 * that declare nothing, so a forgotten check fails closed.
 */
export type AccessRule =
  | { kind: 'permission'; action: Action; projectParam: string }
  | { kind: 'authenticated' }
  | { kind: 'admin' }
  | { kind: 'service' };

/** The caller needs `action` in the project named by the route parameter (default `projectId`). */
export const RequirePermission = (action: Action, projectParam = 'projectId') =>
  SetMetadata(ACCESS_RULE_KEY, { kind: 'permission', action, projectParam } satisfies AccessRule);

/** Any authenticated user; the handler itself scopes what they see (e.g. their own projects). */
export const RequireAuthenticated = () => SetMetadata(ACCESS_RULE_KEY, { kind: 'authenticated' } satisfies AccessRule);

/** System administrators only (operator routes). */
export const RequireAdmin = () => SetMetadata(ACCESS_RULE_KEY, { kind: 'admin' } satisfies AccessRule);

/** Other apps only: user traffic through the gateway may not reach service APIs. */
export const RequireService = () => SetMetadata(ACCESS_RULE_KEY, { kind: 'service' } satisfies AccessRule);

export const CurrentCaller = createParamDecorator((_data: unknown, context: ExecutionContext): Caller => {
  const caller = callerOf(context.switchToHttp().getRequest());
  if (!caller) throw new Error('CurrentCaller used on a request that was not authenticated');
  return caller;
});
