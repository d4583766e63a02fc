import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CommonError, CommonErrorCode } from '@bkci/core';
import { callerOf } from './caller';
import { ACCESS_RULE_KEY, AccessRule } from './permission.decorators';
import { PermissionChecker } from './permission-checker';
import { scopeRefusalOfMethod } from './token-scope';

/** The gateway's issuer name: tokens it mints carry user traffic, never service calls. */
export const GATEWAY_ISSUER = 'openapi';
/** The issuer of the gateway's own calls to other apps' service APIs (verifying a build's token). */
export const GATEWAY_SERVICE_ISSUER = 'openapi-service';

@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly permissions: PermissionChecker,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE_KEY, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!rule) {
      throw new CommonError(CommonErrorCode.SYSTEM_ERROR, 'This route declares no access rule and is closed');
    }
    const request = context.switchToHttp().getRequest<{ method?: string; params: Record<string, string>; query?: Record<string, unknown> }>();
    const caller = callerOf(request);
    if (!caller) throw new CommonError(CommonErrorCode.UNAUTHENTICATED, 'Authentication is required');
    // Agents and unauthenticated external calls come with no user: they pass only the rules made for them.
    if (caller.userId === '' && !caller.admin && (rule.kind === 'authenticated' || rule.kind === 'permission')) {
      throw new CommonError(CommonErrorCode.UNAUTHENTICATED, 'Authentication as a user is required');
    }
    // A limited token's permission checks obey its scope in the checker; any other route, only to read.
    const refusal = rule.kind === 'permission' ? null : scopeRefusalOfMethod(caller.scope, request.method);
    if (refusal) throw refusal;
    switch (rule.kind) {
      case 'public':
        return true;
      case 'authenticated':
        return true;
      case 'admin':
        if (caller.admin) return true;
        throw new CommonError(CommonErrorCode.PERMISSION_DENIED, 'Only a system administrator may do this');
      case 'service':
        if (caller.issuer !== GATEWAY_ISSUER) return true;
        throw new CommonError(CommonErrorCode.PERMISSION_DENIED, 'Service APIs are not open to users');
      case 'build':
        if (caller.build && caller.issuer === GATEWAY_ISSUER) return true;
        throw new CommonError(CommonErrorCode.PERMISSION_DENIED, 'Only a running build may call this, with its build token');
      case 'agent':
        if (caller.agent && caller.issuer === GATEWAY_ISSUER) return true;
        throw new CommonError(CommonErrorCode.PERMISSION_DENIED, 'Only a build agent may call this, with its id and secret key');
      case 'permission':
        await this.permissions.assertAllowed(caller, request.params[rule.projectParam] ?? '', rule.action, resourceNamed(request, rule.resourceParam));
        return true;
    }
  }
}

function resourceNamed(request: { params: Record<string, string>; query?: Record<string, unknown> }, param: string | null): string | undefined {
  if (param === null) return undefined;
  const value = request.params[param] ?? request.query?.[param];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
