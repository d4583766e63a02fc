import { Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Caller, GATEWAY_ISSUER } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import { VERIFY_AGENT, VerifyAgentBody } from '@bkci/contracts';

/**
 * How long a verified agent is trusted without asking environment again. Deletions and re-installs
 * arrive as events (AgentCredentialCacheConsumer) and take effect at once; this bounds a lost one.
 */
const TRUST_MS = 30_000;
/** Agents remembered at most; past it the oldest are forgotten (and asked about again). */
const MAX_CACHED = 10_000;

interface Verified {
  caller: Caller;
  trustedUntil: number;
}

/**
 * Turns an agent's X-DEVOPS-* credentials into the caller the apps behind the gateway see: no user,
 * `agent` naming it. environment is asked once per 30 s per agent, not per call (an agent
 * heartbeats every 5 s and holds a long poll).
 */
@Injectable()
export class AgentCredentialVerifier {
  private readonly verified = new Map<string, Verified>();

  constructor(private readonly services: ServiceClient) {}

  /** Throws environment's answer: 401 for an unknown or deleted agent or a wrong secret, 403 for another host. */
  async callerOf(credentials: VerifyAgentBody): Promise<Caller> {
    const key = createHash('sha256')
      .update(JSON.stringify([credentials.projectId, credentials.agentId, credentials.secretKey, credentials.host]))
      .digest('hex');
    const known = this.verified.get(key);
    if (known) {
      if (known.trustedUntil > Date.now()) return known.caller;
      this.verified.delete(key);
    }
    const agent = await this.services.call(VERIFY_AGENT, {}, { onBehalfOf: 'build-agent', body: credentials });
    const caller: Caller = {
      userId: '',
      issuer: GATEWAY_ISSUER,
      appCode: null,
      admin: false,
      agent: { projectId: agent.projectId, agentId: agent.agentId, host: credentials.host },
    };
    if (this.verified.size >= MAX_CACHED) this.verified.delete(this.verified.keys().next().value as string);
    this.verified.set(key, { caller, trustedUntil: Date.now() + TRUST_MS });
    return caller;
  }

  /** The agent was deleted or re-installed: its old credentials are asked about again, and refused. */
  forgetAgent(projectId: string, agentId: string): void {
    for (const [key, { caller }] of this.verified) {
      if (caller.agent?.projectId === projectId && caller.agent.agentId === agentId) this.verified.delete(key);
    }
  }
}
