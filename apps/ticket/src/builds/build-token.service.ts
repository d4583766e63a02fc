import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { TicketError, TicketErrorCode } from '../ticket.errors';
import { BuildTokenRepository } from './build-token.repository';

/** The build a token speaks for. */
export interface BuildContext {
  projectId: string;
  buildId: string;
  userId: string;
}

const TOKEN_PREFIX = 'bkb_';

/**
 * Build-scoped tokens: minted when a job starts, revoked when its build ends, and useless after
 * their expiry in any case. Only the SHA-256 of a token is stored.
 */
@Injectable()
export class BuildTokenService {
  constructor(private readonly tokens: BuildTokenRepository) {}

  async mint(build: BuildContext, ttlSeconds: number): Promise<{ token: string; expiresAt: string }> {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = new Date();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    await this.tokens.add({ tokenHash: hash(token), ...build, expiresAt, revokedAt: null, createdAt: now });
    return { token, expiresAt: expiresAt.toISOString() };
  }

  /** The build ended: every token of it stops working. */
  async revoke(projectId: string, buildId: string): Promise<number> {
    return this.tokens.revokeByBuild(projectId, buildId, new Date());
  }

  async verify(token: string | undefined): Promise<BuildContext> {
    const row = token?.startsWith(TOKEN_PREFIX) ? await this.tokens.byHash(hash(token)) : null;
    if (!row) throw new TicketError(TicketErrorCode.BUILD_TOKEN_INVALID, 'The build token is not valid; send the token minted for this build in X-DEVOPS-BUILD-TOKEN');
    if (row.revokedAt !== null || row.expiresAt.getTime() <= Date.now()) {
      throw new TicketError(TicketErrorCode.BUILD_TOKEN_INVALID, `The token of build ${row.buildId} has ended with its build`);
    }
    return { projectId: row.projectId, buildId: row.buildId, userId: row.userId };
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
