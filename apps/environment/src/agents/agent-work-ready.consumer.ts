import { Controller } from '@nestjs/common';
import { AGENT_WORK_READY, OnEvent, TopicEvent } from '@bkci/contracts';
import { AgentPollService } from './agent-poll.service';

/** Every replica hears that work is queued for an agent, and answers the agent's poll if it holds it. */
@Controller()
export class AgentWorkReadyConsumer {
  constructor(private readonly polls: AgentPollService) {}

  @OnEvent(AGENT_WORK_READY, { queue: 'agent-work-ready', broadcast: true })
  async workReady(event: TopicEvent<typeof AGENT_WORK_READY>): Promise<void> {
    this.polls.wake(event.payload.projectId, event.payload.agentId);
  }
}
