import { Inject, Injectable } from '@nestjs/common';
import { TokenScope } from '@bkci/auth';
import { newId } from '@bkci/core';
import { hashBearerSecret, newBearerSecret } from '../bearer-secrets';
import { OPENAPI_CONFIG, OpenapiConfig } from '../openapi.config';
import { Oauth2AccessTokenVo } from './dto/oauth2-access-token.dto';
import { Oauth2TokenEntity, Oauth2TokenKind } from './entities/oauth2-token.entity';
import { GrantType } from './grant-type';
import { scopeOfStored, storedScope } from './oauth2-scope';
import { Oauth2TokenRepository } from './oauth2-token.repository';
import { Oauth2Error, Oauth2ErrorCode } from './oauth2.errors';

/** Prefixes tell the gateway an OAuth2 token from a personal access token (bkci_pat_) before any lookup. */
const ACCESS_PREFIX = 'bkci_oat_';
const REFRESH_PREFIX = 'bkci_ort_';

export function isOauth2AccessToken(token: string): boolean {
  return token.startsWith(ACCESS_PREFIX);
}

/** What an access or refresh token stands for. */
export interface Oauth2Grant {
  appCode: string;
  /** The approving user; null for client_credentials, which acts as the app. */
  userId: string | null;
  grantType: GrantType;
  scope: TokenScope | null;
  /** The authorization the tokens descend from; null for client_credentials. */
  familyId: string | null;
}

/** Issues, rotates and checks OAuth2 tokens. */
@Injectable()
export class Oauth2TokenService {
  constructor(
    private readonly tokens: Oauth2TokenRepository,
    @Inject(OPENAPI_CONFIG.token) private readonly config: OpenapiConfig,
  ) {}

  /** A new access token for `grant`, and a refresh token in its family when `withRefresh`. */
  async issue(grant: Oauth2Grant, withRefresh: boolean): Promise<Oauth2AccessTokenVo> {
    const now = new Date();
    const access = this.row('access', grant, now, this.config.oauth2AccessTokenSeconds);
    const refresh = withRefresh ? this.row('refresh', grant, now, this.config.oauth2RefreshTokenSeconds) : null;
    await this.tokens.add(refresh ? [access.row, refresh.row] : [access.row]);
    return {
      accessToken: access.token,
      expiredTime: Math.floor(access.row.expiresAt.getTime() / 1000),
      ...(refresh ? { refreshToken: refresh.token } : {}),
    };
  }

  /**
   * What the refresh token stands for, using it up: refreshing rotates it. A refresh token presented a
   * second time means it leaked (or its client lost track): the whole family, every access and refresh
   * token descended from the same authorization, is revoked (RFC 9700 §4.14.2).
   */
  async redeemRefreshToken(appCode: string, refreshToken: string): Promise<Oauth2Grant> {
    const row = refreshToken.startsWith(REFRESH_PREFIX) ? await this.tokens.byHash(hashBearerSecret(refreshToken)) : null;
    const now = new Date();
    if (!row || row.kind !== 'refresh' || row.appCode !== appCode) throw invalidGrant('The refresh token is not one this client holds');
    if (row.revokedAt) throw invalidGrant('The refresh token has been revoked');
    if (row.usedAt || !(await this.tokens.consume(row.id, now))) {
      await this.revokeFamily(row.familyId, now);
      throw invalidGrant('The refresh token was used already; every token of this authorization is now revoked, and the user must approve the client again');
    }
    if (row.expiresAt <= now) throw invalidGrant('The refresh token has expired; the user must approve the client again');
    return grantOf(row);
  }

  /** Revokes every token issued from the authorization `familyId`. */
  async revokeFamily(familyId: string | null, at = new Date()): Promise<void> {
    if (familyId) await this.tokens.revokeFamily(familyId, at);
  }

  /** What a presented access token stands for, or null when it is unknown, expired or revoked. */
  async holderOf(accessToken: string): Promise<Oauth2Grant | null> {
    if (!isOauth2AccessToken(accessToken)) return null;
    const row = await this.tokens.byHash(hashBearerSecret(accessToken));
    if (!row || row.kind !== 'access' || row.revokedAt || row.expiresAt <= new Date()) return null;
    return grantOf(row);
  }

  private row(kind: Oauth2TokenKind, grant: Oauth2Grant, now: Date, seconds: number): { row: Oauth2TokenEntity; token: string } {
    const token = newBearerSecret(kind === 'access' ? ACCESS_PREFIX : REFRESH_PREFIX);
    return {
      token,
      row: {
        id: newId(),
        kind,
        tokenHash: hashBearerSecret(token),
        appCode: grant.appCode,
        userId: grant.userId,
        grantType: grant.grantType,
        scopes: storedScope(grant.scope),
        familyId: grant.familyId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + seconds * 1000),
        usedAt: null,
        revokedAt: null,
      },
    };
  }
}

function grantOf(row: Oauth2TokenEntity): Oauth2Grant {
  return { appCode: row.appCode, userId: row.userId, grantType: row.grantType as GrantType, scope: scopeOfStored(row.scopes), familyId: row.familyId };
}

function invalidGrant(message: string): Oauth2Error {
  return new Oauth2Error(Oauth2ErrorCode.INVALID_GRANT, message);
}
