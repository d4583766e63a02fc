import { Controller } from '@nestjs/common';
import { NODES_DELETED, OnEvent, TopicEvent } from '@bkci/contracts';
import { AgentManageService } from './agent-manage.service';

/** Nodes deleted through the node routes take their agents with them: those agents are refused from then on. */
@Controller()
export class AgentNodesDeletedConsumer {
  constructor(private readonly agents: AgentManageService) {}

  @OnEvent(NODES_DELETED, { queue: 'agent-nodes-deleted' })
  async nodesDeleted(event: TopicEvent<typeof NODES_DELETED>): Promise<void> {
    await this.agents.nodesDeleted(event.payload.projectId, event.payload.nodeIds);
  }
}
