import { Injectable } from '@nestjs/common';
import { EnvEnabledNodes, EnvNodeAgentView, NodeTagSelector, ThirdPartyAgentView } from '@bkci/contracts';
import { EnvMembers } from '../environments/env-members.service';
import { NodeService } from '../nodes/node.service';
import { NodeRepository } from '../nodes/node.repository';
import { AgentError, AgentErrorCode } from './agent.errors';
import { AGENT_STATUS } from './agent-status';
import { agentView } from './agent-views';
import { ThirdPartyAgentRepository } from './third-party-agent.repository';

/** What the build engine asks to pick an agent (BK-CI ServiceThirdPartyAgentResource). */
@Injectable()
export class AgentQueryService {
  constructor(
    private readonly agents: ThirdPartyAgentRepository,
    private readonly nodes: NodeRepository,
    private readonly members: EnvMembers,
    private readonly nodeService: NodeService,
  ) {}

  /** The agents of an env's enabled nodes (BK-CI getAgentsByEnvId). */
  async byEnvId(projectId: string, envHashId: string): Promise<EnvNodeAgentView[]> {
    return this.agentsOfEnv(await this.members.enabledNodes(projectId, envHashId));
  }

  /** The agents of the enabled nodes of the env a pipeline names, `<mainProjectId>@<envName>` for a shared one. */
  async byEnvName(projectId: string, envName: string): Promise<EnvNodeAgentView[]> {
    return this.agentsOfEnv(await this.members.enabledNodesByName(projectId, envName));
  }

  /** The agents of the project's nodes carrying every tag selected. */
  async byTags(projectId: string, tags: NodeTagSelector[]): Promise<ThirdPartyAgentView[]> {
    return this.byNodes(projectId, (await this.nodeService.withTags(projectId, tags)).map((node) => node.nodeHashId));
  }

  /** An agent the project may use: its own, or one shared with every project. 404 otherwise. */
  async byId(projectId: string, agentId: string): Promise<ThirdPartyAgentView> {
    const agent = await this.agents.byAgentId(agentId);
    if (!agent || agent.status === AGENT_STATUS.DELETE || (agent.projectId !== projectId && !agent.sharedWithAll)) {
      throw new AgentError(AgentErrorCode.AGENT_NOT_FOUND, `Project ${projectId} has no agent ${agentId} it may use`);
    }
    return agentView(agent);
  }

  /** The live agents of the project's nodes named, in the order named. */
  async byNodes(projectId: string, nodeHashIds: string[]): Promise<ThirdPartyAgentView[]> {
    const nodes = await this.nodes.findByHashIds(projectId, nodeHashIds);
    const agents = new Map((await this.agents.liveByNodes(nodes.map((node) => node.nodeId))).filter((agent) => agent.projectId === projectId).map((agent) => [agent.nodeId, agent]));
    const order = new Map(nodeHashIds.map((hash, index) => [hash, index]));
    return nodes
      .sort((a, b) => (order.get(a.nodeHashId) ?? 0) - (order.get(b.nodeHashId) ?? 0))
      .flatMap((node) => {
        const agent = agents.get(node.nodeId);
        return agent ? [agentView(agent)] : [];
      });
  }

  /** An env's nodes live in the env's project, another one's for a shared env. */
  private async agentsOfEnv(env: EnvEnabledNodes): Promise<EnvNodeAgentView[]> {
    const names = new Map(env.nodes.map((node) => [node.nodeHashId, node.displayName]));
    const agents = await this.byNodes(env.projectId, env.nodes.map((node) => node.nodeHashId));
    return agents.map((agent) => ({ agent, enableNode: true, nodeDisplayName: names.get(agent.nodeId ?? '') ?? '' }));
  }

  /** The default pool: imported agents shared with every project. */
  async defaultPool(): Promise<ThirdPartyAgentView[]> {
    return (await this.agents.sharedWithAll()).map(agentView);
  }

  /** Op: marks an agent shared with every project (or not). */
  async setShared(agentId: string, shared: boolean): Promise<boolean> {
    const agent = await this.agents.byAgentId(agentId);
    if (!agent || agent.status === AGENT_STATUS.DELETE) throw new AgentError(AgentErrorCode.AGENT_NOT_FOUND, `There is no agent ${agentId}`);
    await this.agents.update(agent.id, { sharedWithAll: shared });
    return true;
  }
}
