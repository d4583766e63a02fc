import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { AppCallAuthenticator } from '../third-party-apps/app-call-authenticator';
import { USER_HEADER } from '../third-party-apps/app-credentials';
import { Oauth2TokenService } from './oauth2-token.service';
import { Oauth2Error, Oauth2ErrorCode } from './oauth2.errors';

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/**
 * Decides who an app-mode call is. An app proves itself with its secret (AppCallAuthenticator) or,
 * when the call carries `Authorization: Bearer`, with an access token it got by client_credentials,
 * which stands in for the secret: the same user, project binding and permission checks follow, and
 * the token's scope limits the call.
 */
@Injectable()
export class Oauth2AppCallAuthenticator {
  constructor(
    private readonly tokens: Oauth2TokenService,
    private readonly appCalls: AppCallAuthenticator,
  ) {}

  /** `projectId` is the project the call's path names, null when it names none. Throws a DomainError. */
  async callerOf(header: (name: string) => string | undefined, projectId: string | null): Promise<Caller> {
    const authorization = header('authorization');
    if (authorization === undefined) return this.appCalls.callerOf(header, projectId);
    const token = BEARER.exec(authorization)?.[1];
    const grant = token ? await this.tokens.holderOf(token) : null;
    if (!grant) {
      throw new Oauth2Error(Oauth2ErrorCode.INVALID_TOKEN, 'Authorization on an app-mode call must be "Bearer <access token>" of a client_credentials grant, not expired or revoked');
    }
    if (grant.userId !== null) {
      throw new Oauth2Error(Oauth2ErrorCode.INVALID_TOKEN, 'This access token acts for the user who approved it: call in user mode (apigw-user)');
    }
    const userId = header(USER_HEADER)?.trim() || null;
    const caller = await this.appCalls.callerFor(grant.appCode, userId, projectId);
    return grant.scope ? { ...caller, scope: grant.scope } : caller;
  }
}
