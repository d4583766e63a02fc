import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Caller, parseScopes, scopeEntries, TokenScope } from '@bkci/auth';
import { newId } from '@bkci/core';
import { OPENAPI_CONFIG, OpenapiConfig } from '../openapi.config';
import { CreatedTokenDto, CreateTokenDto, TokenDto, toTokenDto } from './dto/create-token.dto';
import { PersonalAccessTokenEntity } from './entities/personal-access-token.entity';
import { PersonalAccessTokenRepository } from './personal-access-token.repository';
import { TokenError, TokenErrorCode } from './token.errors';

const TOKEN_PREFIX = 'bkci_pat_';
const DAY_MS = 24 * 60 * 60 * 1000;
/** lastUsedAt is informational; writing it on every request would turn reads into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Who a valid personal access token acts for, and what it is limited to (null: nothing). */
export interface TokenHolder {
  userId: string;
  scope: TokenScope | null;
}

@Injectable()
export class PersonalAccessTokenService {
  constructor(
    private readonly tokens: PersonalAccessTokenRepository,
    @Inject(OPENAPI_CONFIG.token) private readonly config: OpenapiConfig,
  ) {}

  /** Issues a token for `userId`; `caller` is who asked (the user, or an administrator). */
  async create(caller: Caller, userId: string, dto: CreateTokenDto): Promise<CreatedTokenDto> {
    const days = dto.expiresInDays ?? this.config.patDefaultDays;
    if (days > this.config.patMaxDays) {
      throw new TokenError(TokenErrorCode.EXPIRY_TOO_LONG, `expiresInDays may be at most ${this.config.patMaxDays} (got ${days})`);
    }
    const scopes = scopeEntries(parseScopes(dto.scopes ?? []));
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = new Date();
    const row: PersonalAccessTokenEntity = {
      id: newId(),
      userId,
      name: dto.name,
      tokenHash: hashToken(token),
      tokenPrefix: token.slice(0, 16),
      createdBy: caller.userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + days * DAY_MS),
      revokedAt: null,
      lastUsedAt: null,
      scopes: scopes.length === 0 ? null : scopes.join(' '),
    };
    await this.tokens.add(row);
    return { ...toTokenDto(row), token };
  }

  async list(userId: string): Promise<TokenDto[]> {
    const rows = await this.tokens.ofUser(userId);
    return rows.map(toTokenDto);
  }

  async revoke(userId: string, tokenId: string): Promise<void> {
    if (!(await this.tokens.revoke(userId, tokenId, new Date()))) {
      throw new TokenError(TokenErrorCode.TOKEN_NOT_FOUND, `No active token ${tokenId} belongs to ${userId}`);
    }
  }

  /** Who a presented token acts for, or null when it is unknown, revoked or expired. */
  async holderOf(token: string): Promise<TokenHolder | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const row = await this.tokens.byHash(hashToken(token));
    const now = new Date();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.tokens.markUsed(row.id, now);
    }
    return { userId: row.userId, scope: parseScopes(row.scopes ? row.scopes.split(' ') : []) };
  }
}
