import { Injectable } from '@nestjs/common';
import { Caller, GATEWAY_ISSUER } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import { VERIFY_BUILD_TOKEN } from '@bkci/contracts';
import { TrustedCallers } from './trusted-callers';

/**
 * How long a verified token is trusted without asking ticket again. Revocations arrive as events
 * (BuildTokenCacheConsumer) and take effect at once; this bounds the damage of one that is lost.
 */
const TRUST_MS = 30_000;

/**
 * Turns a build's token into the caller the apps behind the gateway see: the user who started the
 * build, with `build` naming it. Ticket is asked once per token, not per request (a build's agent
 * sends thousands of log batches).
 */
@Injectable()
export class BuildTokenVerifier {
  private readonly verified = new TrustedCallers();

  constructor(private readonly services: ServiceClient) {}

  /** Throws ticket's answer (401 BUILD_TOKEN_INVALID) for an unknown, expired or revoked token. */
  async callerOf(token: string): Promise<Caller> {
    const key = TrustedCallers.keyOf(token);
    const known = this.verified.get(key);
    if (known) return known;
    const claims = await this.services.call(VERIFY_BUILD_TOKEN, {}, { onBehalfOf: 'build-agent', body: { token } });
    const caller: Caller = {
      userId: claims.userId,
      issuer: GATEWAY_ISSUER,
      appCode: null,
      admin: false,
      build: { projectId: claims.projectId, pipelineId: claims.pipelineId, buildId: claims.buildId, ...(claims.vmSeqId === undefined ? {} : { vmSeqId: claims.vmSeqId }) },
    };
    this.verified.remember(key, caller, Math.min(Date.now() + TRUST_MS, Date.parse(claims.expiresAt)));
    return caller;
  }

  /**
   * The build ended (no `vmSeqId`: all its tokens) or its job `vmSeqId` did (that job's tokens only):
   * they are asked about again, and ticket refuses them.
   */
  forgetTokens(revoked: { projectId: string; buildId: string; vmSeqId?: string }): void {
    this.verified.forget(({ build }) =>
      build?.projectId === revoked.projectId && build.buildId === revoked.buildId && (revoked.vmSeqId === undefined || build.vmSeqId === revoked.vmSeqId),
    );
  }
}
