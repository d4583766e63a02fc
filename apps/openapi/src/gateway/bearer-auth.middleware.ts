import { Injectable, NestMiddleware } from '@nestjs/common';
import { setCaller } from '@bkci/auth';
import type { NextFunction, Request, Response } from 'express';
import { GatewayAuthenticator } from './gateway-authenticator';
import { sendUnauthenticated } from './unauthenticated';

/** Authenticates requests to the gateway's own routes (tokens, its health, its docs). */
@Injectable()
export class BearerAuthMiddleware implements NestMiddleware {
  constructor(private readonly authenticator: GatewayAuthenticator) {}

  use(request: Request, response: Response, next: NextFunction): void {
    this.authenticator.authenticate(request.header('authorization')).then((caller) => {
      if (!caller) return sendUnauthenticated(response);
      setCaller(request, caller);
      next();
    }, next);
  }
}
