import { Controller } from '@nestjs/common';
import { AGENT_CREDENTIALS_REVOKED, OnEvent, TopicEvent } from '@bkci/contracts';
import { AgentCredentialVerifier } from './agent-credential-verifier';

/** Every gateway instance forgets an agent whose credentials were revoked, so they are refused at once. */
@Controller()
export class AgentCredentialCacheConsumer {
  constructor(private readonly verifier: AgentCredentialVerifier) {}

  @OnEvent(AGENT_CREDENTIALS_REVOKED, { queue: 'agent-credential-cache', broadcast: true })
  async credentialsRevoked(event: TopicEvent<typeof AGENT_CREDENTIALS_REVOKED>): Promise<void> {
    this.verifier.forgetAgent(event.payload.projectId, event.payload.agentId);
  }
}
