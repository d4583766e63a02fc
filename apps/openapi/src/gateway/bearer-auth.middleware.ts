import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { setCaller } from '@bkci/auth';
import type { NextFunction, Request, Response } from 'express';
import { OAUTH2_TOKEN_ENDPOINT_PATHS } from '../oauth2/oauth2-endpoint.controller';
import { OPENAPI_CONFIG, OpenapiConfig } from '../openapi.config';
import { RateLimiter } from '../rate-limits/rate-limiter';
import { BearerAdmission, bearerCall } from './bearer-admission';
import { ClientAddress } from './client-address';
import { anonymousCall } from './gateway-call';

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
    // The OAuth2 token endpoint takes no bearer token: the route checks the client's own id and
    // secret. Matched exactly, so no other route is reached this way; limited by address, as `external`.
    if (OAUTH2_TOKEN_ENDPOINT_PATHS.has(request.path)) {
      if (this.limiter.refuseIfThrottled(clientIp, response)) return;
      const call = anonymousCall(clientIp);
      this.limiter.admit(call, response).then((admitted) => {
        if (!admitted) return;
        setCaller(request, call.caller);
        next();
      }, next);
      return;
    }
    this.admission.callerOf(request, response, clientIp).then(async (caller) => {
      if (!caller || !(await this.limiter.admit(bearerCall(caller, clientIp), response))) return;
      setCaller(request, caller);
      next();
    }).catch(next);
  }
}
