import { Inject, Injectable } from '@nestjs/common';
import { hashBearerSecret, newBearerSecret } from '../bearer-secrets';
import { TrustedCallers } from '../gateway/trusted-callers';
import { Caller, parseScopes, scopeEntries, TokenScope } from '@bkci/auth';
import { emitEvent, PERSONAL_ACCESS_TOKEN_REVOKED } from '@bkci/contracts';
import { newId } from '@bkci/core';
import { OutboxService } from '@bkci/messaging';
import { OPENAPI_CONFIG, OpenapiConfig } from '../openapi.config';
import { CreatedTokenDto, CreateTokenDto, TokenDto, toTokenDto } from './dto/create-token.dto';
import { PersonalAccessTokenEntity } from './entities/personal-access-token.entity';
import { PersonalAccessTokenRepository } from './personal-access-token.repository';
import { TokenError, TokenErrorCode } from './token.errors';

const TOKEN_PREFIX = 'bkci_pat_';
const DAY_MS = 24 * 60 * 60 * 1000;
/** lastUsedAt is informational; writing it on every request would turn reads into writes. */
const LAST_USED_RESOLUTION_MS = 60_000;
/**
 * How long a verified token is trusted without reading its row again. Revocations reach every
 * gateway as events (PersonalAccessTokenCacheConsumer) and take effect at once; this bounds the
 * damage of one that is lost.
 */
const TRUST_MS = 30_000;

/** Who a valid personal access token acts for, and what it is limited to (null: nothing). */
export interface TokenHolder {
  userId: string;
  scope: TokenScope | null;
}

/** A token verified lately. */
interface TrustedToken {
  tokenId: string;
  holder: TokenHolder;
  lastUsedAt: number;
}

@Injectable()
export class PersonalAccessTokenService {
  /** Read once per while, not per request: a script polling the API sends thousands. */
  private readonly trusted = new TrustedCallers<TrustedToken>();

  constructor(
    private readonly tokens: PersonalAccessTokenRepository,
    private readonly outbox: OutboxService,
    @Inject(OPENAPI_CONFIG.token) private readonly config: OpenapiConfig,
  ) {}

  /** Issues a token for `userId`; `caller` is who asked (the user, or an administrator). */
  async create(caller: Caller, userId: string, dto: CreateTokenDto): Promise<CreatedTokenDto> {
    const days = dto.expiresInDays ?? this.config.patDefaultDays;
    if (days > this.config.patMaxDays) {
      throw new TokenError(TokenErrorCode.EXPIRY_TOO_LONG, `expiresInDays may be at most ${this.config.patMaxDays} (got ${days})`);
    }
    const scopes = scopeEntries(parseScopes(dto.scopes ?? []));
    const token = newBearerSecret(TOKEN_PREFIX);
    const now = new Date();
    const row: PersonalAccessTokenEntity = {
      id: newId(),
      userId,
      name: dto.name,
      tokenHash: hashBearerSecret(token),
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

  /** Revokes the token; every gateway forgets it at once (this one now, the others on the event). */
  async revoke(userId: string, tokenId: string): Promise<void> {
    const revoked = await this.outbox.transaction(async (tx) => {
      if (!(await this.tokens.revoke(userId, tokenId, new Date(), tx.manager))) return false;
      emitEvent(tx.emit, PERSONAL_ACCESS_TOKEN_REVOKED, { tokenId });
      return true;
    });
    if (!revoked) throw new TokenError(TokenErrorCode.TOKEN_NOT_FOUND, `No active token ${tokenId} belongs to ${userId}`);
    this.forget(tokenId);
  }

  /** Who a presented token acts for, or null when it is unknown, revoked or expired. */
  async holderOf(token: string): Promise<TokenHolder | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const tokenHash = hashBearerSecret(token);
    const now = Date.now();
    const known = this.trusted.get(tokenHash);
    if (known) {
      if (now - known.lastUsedAt > LAST_USED_RESOLUTION_MS) {
        known.lastUsedAt = now;
        await this.tokens.markUsed(known.tokenId, new Date(now));
      }
      return known.holder;
    }
    const row = await this.tokens.byHash(tokenHash);
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now)) return null;
    let lastUsedAt = row.lastUsedAt?.getTime() ?? 0;
    if (now - lastUsedAt > LAST_USED_RESOLUTION_MS) {
      lastUsedAt = now;
      await this.tokens.markUsed(row.id, new Date(now));
    }
    const holder: TokenHolder = { userId: row.userId, scope: parseScopes(row.scopes ? row.scopes.split(' ') : []) };
    this.trusted.remember(tokenHash, { tokenId: row.id, holder, lastUsedAt }, Math.min(now + TRUST_MS, row.expiresAt?.getTime() ?? Infinity));
    return holder;
  }

  /** A revoked token is read again, and refused, at its next use. */
  forget(tokenId: string): void {
    this.trusted.forget((known) => known.tokenId === tokenId);
  }
}
