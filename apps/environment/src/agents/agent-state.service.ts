import { Inject, Injectable } from '@nestjs/common';
import { AgentIdentity } from '@bkci/auth';
import { AGENT_CREDENTIALS_REVOKED, emitEvent } from '@bkci/contracts';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { NodeRepository } from '../nodes/node.repository';
import { AgentError, AgentErrorCode } from './agent.errors';
import { AgentEnvVault } from './agent-env-vault';
import { AGENT_STATUS, AgentStatusName, agentStatusName } from './agent-status';
import { secretMatches } from './agent-secrets';
import { AGENTS_CONFIG, AgentsConfig } from './agents.config';
import { AgentHistoryRepository } from './agent-history.repository';
import { HeartbeatDto, HeartbeatResponse, StartupDto } from './dto/agent-calls.dto';
import { ThirdPartyAgentEntity } from './entities/third-party-agent.entity';
import { AgentPatch, ThirdPartyAgentRepository } from './third-party-agent.repository';

/** Who the system's own changes to a node are recorded as. */
const SYSTEM_USER = 'system';

/**
 * BK-CI's third-party agent state machine, driven by the agent's own calls (verify, startup,
 * heartbeat, shutdown, status) and by the liveness check (goneSilent). Every status change records
 * an action (opening or closing an offline period) and sets the node's status in one transaction;
 * the change itself is a compare-and-set on the status, so a heartbeat racing the liveness check
 * cannot be lost.
 */
@Injectable()
export class AgentStateService {
  constructor(
    private readonly agents: ThirdPartyAgentRepository,
    private readonly history: AgentHistoryRepository,
    private readonly nodes: NodeRepository,
    private readonly outbox: OutboxService,
    private readonly vault: AgentEnvVault,
    @Inject(AGENTS_CONFIG.token) private readonly config: AgentsConfig,
  ) {}

  /** The gateway's question: 401 unless the agent exists, is live and the secret matches; 403 from another host. */
  async verify(projectId: string, agentId: string, secretKey: string, host: string): Promise<{ projectId: string; agentId: string }> {
    const agent = await this.agents.byAgentId(agentId);
    if (!agent || agent.projectId !== projectId || agent.status === AGENT_STATUS.DELETE || !secretMatches(secretKey, agent.secretHash)) {
      throw new AgentError(AgentErrorCode.AGENT_CREDENTIALS_INVALID, `Agent ${agentId} of project ${projectId} is unknown, deleted, or its secret key is wrong; install it again`);
    }
    if (agent.boundHost !== null && agent.boundHost !== host) throw hostMismatch(agentId);
    return { projectId, agentId };
  }

  /** The agent (re)started: binds it to its host the first time, brings it online. Answers its status. */
  async startup(identity: AgentIdentity, info: StartupDto): Promise<AgentStatusName> {
    const agent = await this.liveAgent(identity);
    if (!agent) return 'DELETE';
    await this.bindToHost(agent, identity);
    const facts: AgentPatch = {
      hostname: info.hostname,
      ip: info.hostIp,
      detectOs: info.detectOS,
      version: info.version ?? agent.version,
      masterVersion: info.masterVersion ?? agent.masterVersion,
      props: info.arch ? { ...agent.props, arch: info.arch } : agent.props,
      lastHeartbeatTime: new Date(),
    };
    return agentStatusName(await this.comeOnline(agent, facts));
  }

  /** BK-CI's newHeartbeat: records what the agent reports, brings a lost agent back, answers its settings. */
  async heartbeat(identity: AgentIdentity, info: HeartbeatDto): Promise<HeartbeatResponse> {
    const agent = await this.liveAgent(identity);
    if (!agent) return this.heartbeatResponse(null, 'DELETE');
    await this.bindToHost(agent, identity);
    const facts: AgentPatch = {
      lastHeartbeatTime: new Date(),
      masterVersion: info.masterVersion ?? agent.masterVersion,
      version: info.slaveVersion ?? agent.version,
      hostname: info.hostName ?? agent.hostname,
      ip: info.agentIp ?? agent.ip,
      agentInstallPath: info.agentInstallPath ?? agent.agentInstallPath,
      startedUser: info.startedUser ?? agent.startedUser,
      runningTaskCount: info.taskList?.length ?? 0,
      props: info.props ? { ...agent.props, ...info.props } : agent.props,
      // BK-CI: the agent's count is taken once; the server's (set by users) wins afterwards.
      parallelTaskCount: agent.parallelTaskCount ?? info.parallelTaskCount ?? null,
    };
    const status = await this.comeOnline(agent, facts);
    return this.heartbeatResponse({ ...agent, ...facts }, agentStatusName(status));
  }

  /** A clean stop goes offline at once instead of after the silence threshold. Answers the status. */
  async shutdown(identity: AgentIdentity, normal: boolean): Promise<AgentStatusName> {
    const agent = await this.liveAgent(identity);
    if (!agent) return 'DELETE';
    if (!normal) return agentStatusName(agent.status);
    return agentStatusName(await this.goOffline(agent, null));
  }

  async status(identity: AgentIdentity): Promise<AgentStatusName> {
    const agent = await this.liveAgent(identity);
    return agent ? agentStatusName(agent.status) : 'DELETE';
  }

  /**
   * The liveness check found the agent silent since before `silentBefore`: an imported one becomes
   * IMPORT_EXCEPTION (node ABNORMAL), one not imported falls back to UN_IMPORT. A heartbeat that
   * arrived meanwhile wins.
   */
  async goneSilent(agent: ThirdPartyAgentEntity, silentBefore: Date): Promise<void> {
    await this.goOffline(agent, silentBefore);
  }

  /** Drops the agent's credentials everywhere: the gateways forget their cached verification. */
  revokeCredentials(tx: OutboxTransaction, agent: ThirdPartyAgentEntity): void {
    emitEvent(tx.emit, AGENT_CREDENTIALS_REVOKED, { projectId: agent.projectId, agentId: agent.agentId ?? '' });
  }

  /**
   * The first startup (or heartbeat) binds the agent to the host it came from; from then on only
   * that host is the agent (a copied installation is refused with 403).
   */
  private async bindToHost(agent: ThirdPartyAgentEntity, identity: AgentIdentity): Promise<void> {
    if (agent.boundHost === identity.host) return;
    if (agent.boundHost === null && (await this.agents.bindHost(agent.id, identity.host))) return;
    // Bound to another host, or another copy bound it first.
    const bound = agent.boundHost ?? (await this.agents.byAgentId(identity.agentId))?.boundHost;
    if (bound !== identity.host) throw hostMismatch(identity.agentId);
  }

  private async liveAgent(identity: AgentIdentity): Promise<ThirdPartyAgentEntity | null> {
    return this.agents.liveInProject(identity.projectId, identity.agentId);
  }

  /** Stores `facts`; UN_IMPORT → UN_IMPORT_OK and IMPORT_EXCEPTION → IMPORT_OK with an ONLINE action. The new status. */
  private async comeOnline(agent: ThirdPartyAgentEntity, facts: AgentPatch): Promise<number> {
    const next = agent.status === AGENT_STATUS.UN_IMPORT ? AGENT_STATUS.UN_IMPORT_OK : agent.status === AGENT_STATUS.IMPORT_EXCEPTION ? AGENT_STATUS.IMPORT_OK : null;
    if (next === null) {
      await this.agents.update(agent.id, facts);
      if (agent.nodeId !== null && nodeFactsChanged(agent, facts)) await this.nodes.updateAgentFacts(agent.projectId, agent.nodeId, nodeFactsOf(agent, facts));
      return agent.status;
    }
    return this.outbox.transaction(async (tx) => {
      if (!(await this.agents.updateIfStatus(agent.id, agent.status, { ...facts, status: next }, tx.manager))) {
        // Someone else moved it (another replica's heartbeat): keep the facts, report what it is now.
        await this.agents.update(agent.id, facts, tx.manager);
        return (await this.agents.byAgentId(agent.agentId ?? '', tx.manager))?.status ?? AGENT_STATUS.DELETE;
      }
      const now = new Date();
      await this.history.record(agent.projectId, agent.id, 'ONLINE', now, tx.manager);
      if (agent.nodeId !== null) await this.nodes.updateAgentFacts(agent.projectId, agent.nodeId, { ...nodeFactsOf(agent, facts), nodeStatus: 'NORMAL' }, tx.manager);
      return next;
    });
  }

  /** IMPORT_OK → IMPORT_EXCEPTION (node ABNORMAL), UN_IMPORT_OK → UN_IMPORT, with an OFFLINE action. The new status. */
  private async goOffline(agent: ThirdPartyAgentEntity, silentBefore: Date | null): Promise<number> {
    const next = agent.status === AGENT_STATUS.IMPORT_OK ? AGENT_STATUS.IMPORT_EXCEPTION : agent.status === AGENT_STATUS.UN_IMPORT_OK ? AGENT_STATUS.UN_IMPORT : null;
    if (next === null) return agent.status;
    return this.outbox.transaction(async (tx) => {
      const moved = silentBefore
        ? await this.agents.markSilent(agent.id, agent.status, silentBefore, { status: next }, tx.manager)
        : await this.agents.updateIfStatus(agent.id, agent.status, { status: next }, tx.manager);
      if (!moved) return (await this.agents.byAgentId(agent.agentId ?? '', tx.manager))?.status ?? AGENT_STATUS.DELETE;
      await this.history.record(agent.projectId, agent.id, 'OFFLINE', new Date(), tx.manager);
      if (agent.nodeId !== null) await this.nodes.setStatus(agent.projectId, agent.nodeId, 'ABNORMAL', SYSTEM_USER, tx.manager);
      return next;
    });
  }

  private heartbeatResponse(agent: ThirdPartyAgentEntity | null, status: AgentStatusName): HeartbeatResponse {
    return {
      masterVersion: agent?.masterVersion ?? '',
      slaveVersion: agent?.version ?? '',
      AgentStatus: status,
      ParallelTaskCount: agent?.parallelTaskCount ?? -1,
      envs: Object.fromEntries((agent ? this.vault.open(agent) : []).map((env) => [env.name, env.value])),
      gateway: this.config.publicUrl,
      fileGateway: this.config.publicUrl,
      props: {},
    };
  }
}

function hostMismatch(agentId: string): AgentError {
  return new AgentError(
    AgentErrorCode.AGENT_HOST_MISMATCH,
    `Agent ${agentId} runs on another host; a copied installation cannot act as it. Install a new agent on this machine`,
  );
}

function nodeFactsOf(agent: ThirdPartyAgentEntity, facts: AgentPatch) {
  return {
    nodeIp: facts.ip ?? agent.ip,
    nodeName: facts.hostname ?? agent.hostname,
    osName: facts.detectOs ?? agent.detectOs,
    agentVersion: facts.masterVersion ?? agent.masterVersion,
  };
}

function nodeFactsChanged(agent: ThirdPartyAgentEntity, facts: AgentPatch): boolean {
  return (
    (facts.ip !== undefined && facts.ip !== agent.ip) ||
    (facts.hostname !== undefined && facts.hostname !== agent.hostname) ||
    (facts.detectOs !== undefined && facts.detectOs !== agent.detectOs) ||
    (facts.masterVersion !== undefined && facts.masterVersion !== agent.masterVersion)
  );
}
