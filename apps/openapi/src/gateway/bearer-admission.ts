import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import type { Request, Response } from 'express';
import { RateLimiter } from '../rate-limits/rate-limiter';
import { GatewayAuthenticator } from './gateway-authenticator';
import { anonymousCall, GatewayCall, RouteClass } from './gateway-call';
import { sendUnauthenticated } from './unauthenticated';

/**
 * The bearer-token side of the gateway (user APIs, v4 calls, the gateway's own routes): a request
 * without a token is limited as `external` and refused; an address with too many failed
 * authentications is refused before its token is checked; a wrong token counts as one more.
 */
@Injectable()
export class BearerAdmission {
  constructor(
    private readonly authenticator: GatewayAuthenticator,
    private readonly limiter: RateLimiter,
  ) {}

  /** The caller the token proves, or null once the answer (401 or 429) is sent. */
  async callerOf(request: Request, response: Response, clientIp: string | null): Promise<Caller | null> {
    const authorization = request.header('authorization');
    if (authorization === undefined) {
      if (await this.limiter.admit(anonymousCall(clientIp), response)) sendUnauthenticated(response);
      return null;
    }
    if (this.limiter.refuseIfThrottled(clientIp, response)) return null;
    const caller = await this.authenticator.authenticate(authorization);
    if (caller) return caller;
    await this.limiter.authenticationFailed(clientIp);
    sendUnauthenticated(response);
    return null;
  }
}

/** A bearer caller's call: an app's when it came in app mode, else its user's. */
export function bearerCall(caller: Caller, clientIp: string | null): GatewayCall {
  const routeClass: RouteClass = caller.appCode ? 'app' : 'user';
  return { caller, routeClass, clientIp };
}
