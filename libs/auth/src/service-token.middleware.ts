import { Injectable, NestMiddleware } from '@nestjs/common';
import { CommonErrorCode, errorEnvelope } from '@bkci/core';
import type { NextFunction, Request, Response } from 'express';
import { setCaller, setOrigin } from './caller';
import { SERVICE_TOKEN_HEADER, ServiceTokens } from './service-token';

/**
 * Every request to an app must carry a valid service token, whatever else it carries: a raw
 * X-DEVOPS-UID header proves nothing. This runs before routing, so it also covers the health,
 * metrics and API document endpoints.
 */
@Injectable()
export class ServiceTokenMiddleware implements NestMiddleware {
  constructor(private readonly tokens: ServiceTokens) {}

  use(request: Request, response: Response, next: NextFunction): void {
    const token = request.header(SERVICE_TOKEN_HEADER);
    const proven = token ? this.tokens.open(token) : null;
    if (!proven) {
      response
        .status(401)
        .json(errorEnvelope(CommonErrorCode.UNAUTHENTICATED, 'A valid service token is required: call through the gateway'));
      return;
    }
    setCaller(request, proven.caller);
    setOrigin(request, proven.origin);
    next();
  }
}
