import { Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { BUILD_TOKEN_HEADER, BuildContext } from '@bkci/auth';
import { BUILD_TOKENS_REVOKED, BuildTokenClaims, emitEvent } from '@bkci/contracts';
import { OutboxService } from '@bkci/messaging';
import { TicketError, TicketErrorCode } from '../ticket.errors';
import { BuildTokenRepository } from './build-token.repository';

const TOKEN_PREFIX = 'bkb_';

/**
 * Job-scoped tokens: minted when a job starts, revoked when the job or its build ends, and useless
 * after their expiry in any case; one minted without a job is the whole build's until it ends. Only
 * the SHA-256 of a token is stored. The gateway verifies a token once and names the build (and job)
 * to the app it forwards to; a revocation is announced so it forgets it.
 */
@Injectable()
export class BuildTokenService {
  constructor(
    private readonly tokens: BuildTokenRepository,
    private readonly outbox: OutboxService,
  ) {}

  async mint(build: BuildContext, ttlSeconds: number): Promise<{ token: string; expiresAt: string }> {
    const token = `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    const now = new Date();
    const expiresAt = new Date(now.getTime() + ttlSeconds * 1000);
    await this.tokens.add({
      tokenHash: hash(token),
      projectId: build.projectId,
      pipelineId: build.pipelineId,
      buildId: build.buildId,
      vmSeqId: build.vmSeqId ?? null,
      userId: build.userId,
      expiresAt,
      revokedAt: null,
      createdAt: now,
    });
    return { token, expiresAt: expiresAt.toISOString() };
  }

  /** The build ended: every token of it stops working, and the gateway is told to forget them. */
  revoke(projectId: string, buildId: string): Promise<number> {
    return this.outbox.transaction(async (tx) => {
      const revoked = await this.tokens.revokeByBuild(projectId, buildId, new Date(), tx.manager);
      if (revoked > 0) emitEvent(tx.emit, BUILD_TOKENS_REVOKED, { projectId, buildId });
      return revoked;
    });
  }

  /** The job ended: its tokens stop working, and the gateway is told to forget them; the build's other jobs keep theirs. */
  revokeJob(projectId: string, buildId: string, vmSeqId: string): Promise<number> {
    return this.outbox.transaction(async (tx) => {
      const revoked = await this.tokens.revokeByJob(projectId, buildId, vmSeqId, new Date(), tx.manager);
      if (revoked > 0) emitEvent(tx.emit, BUILD_TOKENS_REVOKED, { projectId, buildId, vmSeqId });
      return revoked;
    });
  }

  async verify(token: string | undefined): Promise<BuildTokenClaims> {
    const row = token?.startsWith(TOKEN_PREFIX) ? await this.tokens.byHash(hash(token)) : null;
    if (!row) throw new TicketError(TicketErrorCode.BUILD_TOKEN_INVALID, `The build token is not valid; send the token minted for this build in ${BUILD_TOKEN_HEADER.toUpperCase()}`);
    if (row.revokedAt !== null || row.expiresAt.getTime() <= Date.now()) {
      const owner = row.vmSeqId === null ? `build ${row.buildId}` : `job ${row.vmSeqId} of build ${row.buildId}`;
      throw new TicketError(TicketErrorCode.BUILD_TOKEN_INVALID, `The token of ${owner} has ended with it`);
    }
    const job = row.vmSeqId === null ? {} : { vmSeqId: row.vmSeqId };
    return { projectId: row.projectId, pipelineId: row.pipelineId, buildId: row.buildId, ...job, userId: row.userId, expiresAt: row.expiresAt.toISOString() };
  }
}

function hash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
