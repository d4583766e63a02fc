import { Inject, Injectable } from '@nestjs/common';
import { timingSafeEqual } from 'node:crypto';
import { Caller, GATEWAY_ISSUER } from '@bkci/auth';
import { OPENAPI_CONFIG, OpenapiConfig } from '../openapi.config';
import { PersonalAccessTokenService } from '../tokens/personal-access-token.service';

/** Turns the `Authorization: Bearer …` of a public request into the caller it proves. */
@Injectable()
export class GatewayAuthenticator {
  private readonly adminToken: Buffer;

  constructor(
    @Inject(OPENAPI_CONFIG.token) private readonly config: OpenapiConfig,
    private readonly tokens: PersonalAccessTokenService,
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
    const holder = await this.tokens.holderOf(presented);
    if (!holder) return null;
    return { userId: holder.userId, issuer: GATEWAY_ISSUER, appCode: null, admin: false, ...(holder.scope ? { scope: holder.scope } : {}) };
  }

  private isAdminToken(presented: string): boolean {
    const given = Buffer.from(presented);
    return this.adminToken.length > 0 && given.length === this.adminToken.length && timingSafeEqual(given, this.adminToken);
  }
}
