import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { Caller, GATEWAY_ISSUER } from '@bkci/auth';
import { OPENAPI_CONFIG, OpenapiConfig } from '../openapi.config';
import { isOauth2AccessToken, Oauth2TokenService } from '../oauth2/oauth2-token.service';
import { PersonalAccessTokenService } from '../tokens/personal-access-token.service';

/** Turns the `Authorization: Bearer …` of a public request into the caller it proves. */
@Injectable()
export class GatewayAuthenticator {
  private readonly adminToken: Buffer;

  constructor(
    @Inject(OPENAPI_CONFIG.token) private readonly config: OpenapiConfig,
    private readonly tokens: PersonalAccessTokenService,
    private readonly oauth2: Oauth2TokenService,
  ) {
    this.adminToken = Buffer.from(config.adminToken);
  }

  async authenticate(authorization: string | undefined): Promise<Caller | null> {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match) return null;
    const presented = match[1];
    if (this.isAdminToken(presented)) {
      return { userId: this.config.adminUser, issuer: GATEWAY_ISSUER, appCode: null, admin: true };
    }
    if (isOauth2AccessToken(presented)) return this.oauth2CallerOf(presented);
    const holder = await this.tokens.holderOf(presented);
    if (!holder) return null;
    return { userId: holder.userId, issuer: GATEWAY_ISSUER, appCode: null, admin: false, ...(holder.scope ? { scope: holder.scope } : {}) };
  }

  /**
   * An access token a user approved acts as that user, for the app that holds it and within the scope
   * granted; a client_credentials token acts for no user and is good in app mode only.
   */
  private async oauth2CallerOf(presented: string): Promise<Caller | null> {
    const grant = await this.oauth2.holderOf(presented);
    if (!grant?.userId) return null;
    return { userId: grant.userId, issuer: GATEWAY_ISSUER, appCode: grant.appCode, admin: false, ...(grant.scope ? { scope: grant.scope } : {}) };
  }

  private isAdminToken(presented: string): boolean {
    const given = Buffer.from(presented);
    return this.adminToken.length > 0 && given.length === this.adminToken.length && timingSafeEqual(given, this.adminToken);
  }
}
