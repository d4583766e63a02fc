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
      build: { projectId: claims.projectId, pipelineId: claims.pipelineId, buildId: claims.buildId },
    };
    this.verified.remember(key, caller, Math.min(Date.now() + TRUST_MS, Date.parse(claims.expiresAt)));
    return caller;
  }

  /** The build ended: its tokens are asked about again, and ticket refuses them. */
  forgetBuild(projectId: string, buildId: string): void {
    this.verified.forget((caller) => caller.build?.projectId === projectId && caller.build.buildId === buildId);
  }
}
