import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { setCaller } from '@bkci/auth';
import type { NextFunction, Request, Response } from 'express';
import { OPENAPI_CONFIG, OpenapiConfig } from '../openapi.config';
import { RateLimiter } from '../rate-limits/rate-limiter';
import { BearerAdmission, bearerCall } from './bearer-admission';
import { ClientAddress } from './client-address';

/** Authenticates requests to the gateway's own routes (tokens, its health, its docs), within the caller's rate limit. */
@Injectable()
export class BearerAuthMiddleware implements NestMiddleware {
  private readonly clientAddress: ClientAddress;

  constructor(
    @Inject(OPENAPI_CONFIG.token) gateway: OpenapiConfig,
    private readonly admission: BearerAdmission,
    private readonly limiter: RateLimiter,
  ) {
    this.clientAddress = new ClientAddress(gateway.trustedProxies);
  }

  use(request: Request, response: Response, next: NextFunction): void {
    const clientIp = this.clientAddress.of(request.socket.remoteAddress, request.header('x-forwarded-for'));
    this.admission.callerOf(request, response, clientIp).then(async (caller) => {
      if (!caller || !(await this.limiter.admit(bearerCall(caller, clientIp), response))) return;
      setCaller(request, caller);
      next();
    }).catch(next);
  }
}
