import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { originOf, RequestOrigin } from '@bkci/auth';

/**
 * The request id and client address the gateway put in the service token. Never the request's
 * X-DEVOPS-RID or X-Forwarded-For headers: a client can send those.
 */
export const CurrentOrigin = createParamDecorator((_data: unknown, context: ExecutionContext): RequestOrigin => originOf(context.switchToHttp().getRequest<object>()));
