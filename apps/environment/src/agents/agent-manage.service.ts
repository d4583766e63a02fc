import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { Page, Paging, toPage } from '@bkci/core';
import { LockBusyError, LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { ProjectResources } from '@bkci/platform';
import type { NodeEntity } from '../nodes/entities/node.entity';
import { NodeRepository } from '../nodes/node.repository';
import { NodeService } from '../nodes/node.service';
import { AgentError, AgentErrorCode } from './agent.errors';
import { AgentEnvVault } from './agent-env-vault';
import { AgentHistoryRepository } from './agent-history.repository';
import { agentNotFound } from './agent-install.service';
import { AGENT_STATUS, agentStatusName } from './agent-status';
import { AgentStateService } from './agent-state.service';
import { actionView, agentDetail, agentInfo, NodeBaseInfo, nodeBaseInfo, offlinePeriodView, ThirdPartyAgentDetail, ThirdPartyAgentInfo, ThirdPartyAgentStatusWithInfo } from './agent-views';
import { AgentEnvVar, ThirdPartyAgentEntity } from './entities/third-party-agent.entity';
import { ThirdPartyAgentRepository } from './third-party-agent.repository';

/** How a secure agent env var's value reads back: it is handed only to the agent itself. */
const MASKED = '******';
const IMPORT_LOCK_WAIT_MS = 5_000;

/**
 * What users do with agents (BK-CI UserThirdPartyAgentResource): import an online agent into a
 * THIRDPARTY node, read its status, detail and history, set its parallel task count and env vars,
 * delete it. Permissions are checked by the routes (env_node_*).
 */
@Injectable()
export class AgentManageService {
  constructor(
    private readonly agents: ThirdPartyAgentRepository,
    private readonly history: AgentHistoryRepository,
    private readonly nodes: NodeRepository,
    private readonly state: AgentStateService,
    private readonly outbox: OutboxService,
    private readonly locks: LockService,
    private readonly resources: ProjectResources,
    private readonly nodeService: NodeService,
    private readonly vault: AgentEnvVault,
  ) {}

  /**
   * BK-CI importAgent, under the agent's lock: an online agent (UN_IMPORT_OK) becomes IMPORT_OK with
   * a new THIRDPARTY node whose manager is the importer. Importing an imported agent changes nothing
   * but its node's status, which is set from the agent's again.
   */
  async importAgent(userId: string, projectId: string, agentId: string): Promise<boolean> {
    const lock = await this.locks.acquire(`environment:agent-import:${agentId}`, { waitMs: IMPORT_LOCK_WAIT_MS }).catch((error: unknown) => {
      if (error instanceof LockBusyError) throw new AgentError(AgentErrorCode.IMPORT_BUSY, `Agent ${agentId} is being imported by someone else; retry in a moment`);
      throw error;
    });
    try {
      const agent = await this.agents.liveInProject(projectId, agentId);
      if (!agent) throw agentNotFound(projectId, agentId);
      if (agent.nodeId !== null) {
        await this.nodes.setStatus(projectId, agent.nodeId, agent.status === AGENT_STATUS.IMPORT_OK ? 'NORMAL' : 'ABNORMAL', userId);
        return true;
      }
      if (agent.status !== AGENT_STATUS.UN_IMPORT_OK) {
        throw new AgentError(AgentErrorCode.AGENT_STATUS_EXCEPTION, `Agent ${agentId} is ${agentStatusName(agent.status)}, not online: run its install command on the machine and wait for it to come online`);
      }
      const node = await this.outbox.transaction(async (tx) => {
        const made = await this.nodes.insertThirdPartyNode(
          { projectId, nodeIp: agent.ip, nodeName: agent.hostname, osName: agent.detectOs, osType: agent.os, agentVersion: agent.masterVersion, createdUser: userId },
          tx.manager,
        );
        if (!(await this.agents.updateIfStatus(agent.id, AGENT_STATUS.UN_IMPORT_OK, { status: AGENT_STATUS.IMPORT_OK, nodeId: made.nodeId }, tx.manager))) {
          throw new AgentError(AgentErrorCode.AGENT_STATUS_EXCEPTION, `Agent ${agentId} went offline while being imported; wait for it to come online and import it again`);
        }
        return made;
      });
      await this.registerNode(projectId, node, userId, agent);
      return true;
    } finally {
      await lock.release();
    }
  }

  async list(projectId: string): Promise<ThirdPartyAgentInfo[]> {
    const agents = await this.agents.listLive(projectId);
    const nodes = await this.nodes.findByIds(agents.flatMap((agent) => (agent.nodeId === null ? [] : [agent.nodeId])));
    const byId = new Map(nodes.map((node) => [node.nodeId, node]));
    return agents.map((agent) => agentInfo(agent, agent.nodeId === null ? undefined : byId.get(agent.nodeId)));
  }

  async status(projectId: string, agentId: string): Promise<ThirdPartyAgentStatusWithInfo> {
    const agent = await this.agents.liveInProject(projectId, agentId);
    if (!agent) throw agentNotFound(projectId, agentId);
    return { status: agentStatusName(agent.status), hostname: agent.hostname, ip: agent.ip, os: agent.os };
  }

  /** The project's agent nodes (v4 third_part_agent_nodes). */
  async agentNodes(projectId: string): Promise<NodeBaseInfo[]> {
    const agents = (await this.agents.listLive(projectId)).filter((agent) => agent.nodeId !== null);
    const byId = new Map((await this.nodes.findByIds(agents.map((agent) => agent.nodeId!))).map((node) => [node.nodeId, node]));
    return agents.flatMap((agent) => {
      const node = byId.get(agent.nodeId!);
      return node ? [nodeBaseInfo(agent, node)] : [];
    });
  }

  /** A node and its agent's state (v4 third_part_agent_node_status?nodeHashId=). */
  async nodeStatus(projectId: string, nodeHashId: string): Promise<NodeBaseInfo> {
    const { agent, node } = await this.agentOfNode(projectId, nodeHashId);
    return nodeBaseInfo(agent, node);
  }

  /** The node of an imported agent and its state (v4 third_part_agent_node_status?agentHashId=). */
  async nodeStatusOfAgent(projectId: string, agentId: string): Promise<NodeBaseInfo> {
    const agent = await this.agents.liveInProject(projectId, agentId);
    const node = agent?.nodeId != null ? await this.nodes.findById(agent.nodeId) : null;
    if (!agent || !node) throw new AgentError(AgentErrorCode.NODE_NOT_EXISTS, `Agent ${agentId} of project ${projectId} is not imported into a node`);
    return nodeBaseInfo(agent, node);
  }

  async detailOfNode(projectId: string, nodeHashId: string): Promise<ThirdPartyAgentDetail> {
    const { agent, node } = await this.agentOfNode(projectId, nodeHashId);
    return agentDetail(agent, node);
  }

  async detail(projectId: string, agentId: string): Promise<ThirdPartyAgentDetail> {
    const agent = await this.agents.liveInProject(projectId, agentId);
    if (!agent) throw agentNotFound(projectId, agentId);
    return agentDetail(agent, agent.nodeId === null ? null : await this.nodes.findById(agent.nodeId));
  }

  async actions(projectId: string, nodeHashId: string, paging: Paging) {
    const { agent } = await this.agentOfNode(projectId, nodeHashId);
    const { rows, total } = await this.history.actions(agent.id, paging.page, paging.pageSize);
    return toPage(rows.map((row) => actionView(agent.agentId ?? '', row)), total, paging);
  }

  async offlinePeriods(projectId: string, agentId: string, paging: Paging): Promise<Page<ReturnType<typeof offlinePeriodView>>> {
    const agent = await this.agents.liveInProject(projectId, agentId);
    if (!agent) throw agentNotFound(projectId, agentId);
    const { rows, total } = await this.history.offlinePeriods(agent.id, paging.page, paging.pageSize);
    return toPage(rows.map(offlinePeriodView), total, paging);
  }

  /** BK-CI: no server-side cap; 0 lets the agent run any number. */
  async setParallelTaskCount(projectId: string, nodeHashId: string, parallelTaskCount: number): Promise<boolean> {
    const { agent } = await this.agentOfNode(projectId, nodeHashId);
    await this.agents.update(agent.id, { parallelTaskCount });
    return true;
  }

  /** The agent's env vars; a secure one's value reads as ****** (it is stored sealed and handed only to the agent). */
  async envs(projectId: string, nodeHashId: string): Promise<AgentEnvVar[]> {
    const { agent } = await this.agentOfNode(projectId, nodeHashId);
    return (agent.agentEnvs ?? []).map((env) => (env.secure ? { ...env, value: MASKED } : env));
  }

  /**
   * Replaces the agent's env vars (BK-CI saveAgentEnvs), sealing the secure values. A secure var
   * sent back as ****** keeps its stored value, so a form read and saved again does not destroy it.
   */
  async saveEnvs(projectId: string, nodeHashId: string, envs: AgentEnvVar[]): Promise<boolean> {
    const { agent } = await this.agentOfNode(projectId, nodeHashId);
    const stored = new Map(this.vault.open(agent).map((env) => [env.name, env]));
    const merged = envs.map((env) => (env.secure && env.value === MASKED && stored.get(env.name)?.secure ? { ...env, value: stored.get(env.name)!.value } : env));
    await this.agents.update(agent.id, this.vault.seal(agent, merged));
    return true;
  }

  /**
   * BK-CI deleteAgent: the node is deleted as the node routes delete nodes (it leaves its envs and
   * tags, its grants are dropped), and its agent at once, whose credentials stop working at every gateway.
   */
  async deleteNode(caller: Caller, projectId: string, nodeHashId: string): Promise<boolean> {
    const { node } = await this.agentOfNode(projectId, nodeHashId);
    await this.nodeService.delete(caller, projectId, [nodeHashId]);
    await this.nodesDeleted(projectId, [node.nodeId]);
    return true;
  }

  /** The node routes deleted these nodes (NODES_DELETED): their agents are deleted too. Deleting again changes nothing. */
  async nodesDeleted(projectId: string, nodeIds: number[]): Promise<void> {
    const agents = (await this.agents.liveByNodes(nodeIds)).filter((agent) => agent.projectId === projectId);
    if (agents.length === 0) return;
    await this.outbox.transaction(async (tx) => {
      for (const agent of agents) await this.deleteAgent(tx, agent);
    });
  }

  private async deleteAgent(tx: OutboxTransaction, agent: ThirdPartyAgentEntity): Promise<void> {
    await this.agents.update(agent.id, { status: AGENT_STATUS.DELETE, secretHash: null, installTokenHash: null, installTokenExpiresAt: null }, tx.manager);
    this.state.revokeCredentials(tx, agent);
  }

  private async agentOfNode(projectId: string, nodeHashId: string): Promise<{ agent: ThirdPartyAgentEntity; node: NodeEntity }> {
    const node = await this.nodes.findByHashId(projectId, nodeHashId);
    const agent = node ? await this.agents.liveByNode(projectId, node.nodeId) : null;
    if (!node || !agent) throw new AgentError(AgentErrorCode.NODE_NOT_EXISTS, `Project ${projectId} has no agent node ${nodeHashId}`);
    return { agent, node };
  }

  /** The importer manages the node; if that cannot be recorded, the import is undone so nothing half-made stays. */
  private registerNode(projectId: string, node: NodeEntity, userId: string, agent: ThirdPartyAgentEntity): Promise<void> {
    return this.resources.registerCreated(projectId, 'env_node', node.nodeHashId, userId, () =>
      this.outbox.transaction(async (tx) => {
        await this.nodes.setStatus(projectId, node.nodeId, 'DELETED', userId, tx.manager);
        await this.agents.updateIfStatus(agent.id, AGENT_STATUS.IMPORT_OK, { status: AGENT_STATUS.UN_IMPORT_OK, nodeId: null }, tx.manager);
      }),
    );
  }
}
