import { Injectable, NestMiddleware } from '@nestjs/common';
import { Caller, GATEWAY_ISSUER, setCaller } from '@bkci/auth';
import type { NextFunction, Request, Response } from 'express';
import { OAUTH2_TOKEN_ENDPOINT_PATHS } from '../oauth2/oauth2-endpoint.controller';
import { GatewayAuthenticator } from './gateway-authenticator';
import { sendUnauthenticated } from './unauthenticated';

/** An OAuth2 client at the token endpoint: no user; the route checks the client's own id and secret. */
const OAUTH2_CLIENT: Caller = { userId: '', issuer: GATEWAY_ISSUER, appCode: null, admin: false };

/** Authenticates requests to the gateway's own routes (tokens, its health, its docs). */
@Injectable()
export class BearerAuthMiddleware implements NestMiddleware {
  constructor(private readonly authenticator: GatewayAuthenticator) {}

  use(request: Request, response: Response, next: NextFunction): void {
    // Matched exactly, so no other route is reached this way.
    if (OAUTH2_TOKEN_ENDPOINT_PATHS.has(request.path)) {
      setCaller(request, OAUTH2_CLIENT);
      return next();
    }
    this.authenticator.authenticate(request.header('authorization')).then((caller) => {
      if (!caller) return sendUnauthenticated(response);
      setCaller(request, caller);
      next();
    }, next);
  }
}
