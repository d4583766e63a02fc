import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { RequestOrigin } from './credential-reader';

/** The request id and client address the gateway forwarded (X-DEVOPS-RID, first X-Forwarded-For). */
export const CurrentOrigin = createParamDecorator((_data: unknown, context: ExecutionContext): RequestOrigin => {
  const request = context.switchToHttp().getRequest<Request>();
  const forwarded = request.header('x-forwarded-for')?.split(',')[0]?.trim();
  return { requestId: request.header('x-devops-rid')?.slice(0, 64) ?? null, clientIp: forwarded ? forwarded.slice(0, 64) : null };
});
