import { Injectable } from '@nestjs/common';
import { Caller, GATEWAY_ISSUER } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import { VERIFY_AGENT, VerifyAgentBody } from '@bkci/contracts';
import { TrustedCallers } from './trusted-callers';

/**
 * How long a verified agent is trusted without asking environment again. Deletions and re-installs
 * arrive as events (AgentCredentialCacheConsumer) and take effect at once; this bounds a lost one.
 */
const TRUST_MS = 30_000;

/**
 * Turns an agent's X-DEVOPS-* credentials into the caller the apps behind the gateway see: no user,
 * `agent` naming it. environment is asked once per 30 s per agent, not per call (an agent
 * heartbeats every 5 s and holds a long poll).
 */
@Injectable()
export class AgentCredentialVerifier {
  private readonly verified = new TrustedCallers();

  constructor(private readonly services: ServiceClient) {}

  /** Throws environment's answer: 401 for an unknown or deleted agent or a wrong secret, 403 for another host. */
  async callerOf(credentials: VerifyAgentBody): Promise<Caller> {
    const key = TrustedCallers.keyOf([credentials.projectId, credentials.agentId, credentials.secretKey, credentials.host]);
    const known = this.verified.get(key);
    if (known) return known;
    const agent = await this.services.call(VERIFY_AGENT, {}, { onBehalfOf: 'build-agent', body: credentials });
    const caller: Caller = {
      userId: '',
      issuer: GATEWAY_ISSUER,
      appCode: null,
      admin: false,
      agent: { projectId: agent.projectId, agentId: agent.agentId, host: credentials.host },
    };
    this.verified.remember(key, caller, Date.now() + TRUST_MS);
    return caller;
  }

  /** The agent was deleted or re-installed: its old credentials are asked about again, and refused. */
  forgetAgent(projectId: string, agentId: string): void {
    this.verified.forget((caller) => caller.agent?.projectId === projectId && caller.agent.agentId === agentId);
  }
}
