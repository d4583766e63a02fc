import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { Caller } from '@bkci/auth';
import { newId } from '@bkci/core';
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

@Injectable()
export class PersonalAccessTokenService {
  constructor(private readonly tokens: PersonalAccessTokenRepository) {}

  /** Issues a token for `userId`; `caller` is who asked (the user, or an administrator). */
  async create(caller: Caller, userId: string, dto: CreateTokenDto): Promise<CreatedTokenDto> {
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
      expiresAt: dto.expiresInDays ? new Date(now.getTime() + dto.expiresInDays * DAY_MS) : null,
      revokedAt: null,
      lastUsedAt: null,
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

  /** The user a presented token belongs to, or null when it is unknown, revoked or expired. */
  async userOf(token: string): Promise<string | null> {
    if (!token.startsWith(TOKEN_PREFIX)) return null;
    const row = await this.tokens.byHash(hashToken(token));
    const now = new Date();
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return null;
    if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      await this.tokens.markUsed(row.id, now);
    }
    return row.userId;
  }
}
