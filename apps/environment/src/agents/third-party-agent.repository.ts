import { Injectable } from '@nestjs/common';
import { BKCI_HASH_IDS } from '@bkci/core';
import { DataSource, EntityManager, In, IsNull, LessThan, MoreThan, Not } from 'typeorm';
import { AGENT_STATUS, AgentStatusValue } from './agent-status';
import { ThirdPartyAgentEntity } from './entities/third-party-agent.entity';

/** A new agent row, before the database gives it an id (and so its agentId): what it is, and any facts known already. */
type NewAgent = Pick<ThirdPartyAgentEntity, 'projectId' | 'status' | 'os' | 'agentType' | 'createdUser'> & Partial<Omit<ThirdPartyAgentEntity, 'id' | 'agentId'>>;

/** What a new agent knows of its machine and settings until it starts up and heartbeats. */
const UNKNOWN_FACTS = {
  nodeId: null,
  detectOs: '',
  hostname: '',
  ip: '',
  boundHost: null,
  secretHash: null,
  installTokenHash: null,
  installTokenExpiresAt: null,
  version: '',
  masterVersion: '',
  parallelTaskCount: null,
  runningTaskCount: 0,
  agentInstallPath: '',
  startedUser: '',
  agentEnvs: null,
  envsKeyId: null,
  envsWrappedKey: null,
  envsCiphertext: null,
  props: null,
  sharedWithAll: false,
  lastHeartbeatTime: null,
} satisfies Partial<ThirdPartyAgentEntity>;

/** What a change may set on an agent row. */
export type AgentPatch = Partial<Omit<ThirdPartyAgentEntity, 'id' | 'agentId' | 'projectId'>>;

/**
 * The agent table. An agent is named on the wire by its agentId, the hash of its row id; a DELETE
 * agent keeps its row (its actions refer to it) and is invisible to the reads that say "live".
 */
@Injectable()
export class ThirdPartyAgentRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the row and gives it its agentId, in one transaction so no row is seen without one. */
  insert(agent: NewAgent, manager?: EntityManager): Promise<ThirdPartyAgentEntity> {
    const row: Omit<ThirdPartyAgentEntity, 'id' | 'agentId'> = { ...UNKNOWN_FACTS, createdTime: new Date(), ...agent };
    const work = async (m: EntityManager): Promise<ThirdPartyAgentEntity> => {
      const result = await m.insert(ThirdPartyAgentEntity, { ...row, agentId: null });
      const id = Number(result.identifiers[0].id);
      const agentId = BKCI_HASH_IDS.encode(id);
      await m.update(ThirdPartyAgentEntity, { id }, { agentId });
      return { ...row, id, agentId };
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** The agent with this agentId in any state, deleted ones included. */
  byAgentId(agentId: string, manager: EntityManager = this.dataSource.manager): Promise<ThirdPartyAgentEntity | null> {
    return manager.findOneBy(ThirdPartyAgentEntity, { agentId });
  }

  /** The project's live (not deleted) agent with this agentId. */
  liveInProject(projectId: string, agentId: string, manager: EntityManager = this.dataSource.manager): Promise<ThirdPartyAgentEntity | null> {
    return manager.findOneBy(ThirdPartyAgentEntity, { projectId, agentId, status: Not(AGENT_STATUS.DELETE) });
  }

  /** The live agent a node was imported from. */
  liveByNode(projectId: string, nodeId: number, manager: EntityManager = this.dataSource.manager): Promise<ThirdPartyAgentEntity | null> {
    return manager.findOneBy(ThirdPartyAgentEntity, { projectId, nodeId, status: Not(AGENT_STATUS.DELETE) });
  }

  /** The live agents these nodes were imported from, in any project. */
  liveByNodes(nodeIds: number[], manager: EntityManager = this.dataSource.manager): Promise<ThirdPartyAgentEntity[]> {
    if (nodeIds.length === 0) return Promise.resolve([]);
    return manager.find(ThirdPartyAgentEntity, { where: { nodeId: In(nodeIds), status: Not(AGENT_STATUS.DELETE) }, order: { id: 'ASC' } });
  }

  /** The project's live agents, oldest first. */
  listLive(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<ThirdPartyAgentEntity[]> {
    return manager.find(ThirdPartyAgentEntity, { where: { projectId, status: Not(AGENT_STATUS.DELETE) }, order: { id: 'ASC' } });
  }

  /** The imported agents shared with every project (the default pool), oldest first. */
  sharedWithAll(manager: EntityManager = this.dataSource.manager): Promise<ThirdPartyAgentEntity[]> {
    return manager.find(ThirdPartyAgentEntity, {
      where: { sharedWithAll: true, status: In([AGENT_STATUS.IMPORT_OK, AGENT_STATUS.IMPORT_EXCEPTION]) },
      order: { id: 'ASC' },
    });
  }

  /** A link this user made for this OS that no agent has come online with yet (BK-CI reuses it). */
  pendingLinkOf(projectId: string, userId: string, os: string, agentType: string, manager: EntityManager = this.dataSource.manager): Promise<ThirdPartyAgentEntity | null> {
    return manager.findOne(ThirdPartyAgentEntity, { where: { projectId, createdUser: userId, os, agentType, status: AGENT_STATUS.UN_IMPORT, secretHash: IsNull() }, order: { id: 'DESC' } });
  }

  /** Agents in `status` whose last sign of life (startup or heartbeat) is older than `before`. */
  silentSince(status: AgentStatusValue, before: Date, manager: EntityManager = this.dataSource.manager): Promise<ThirdPartyAgentEntity[]> {
    return manager.find(ThirdPartyAgentEntity, { where: { status, lastHeartbeatTime: LessThan(before) }, order: { id: 'ASC' } });
  }

  async update(id: number, patch: AgentPatch, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.update(ThirdPartyAgentEntity, { id }, patch);
  }

  /** Changes the row only if it is still in `status` (compare-and-set); whether it did. */
  async updateIfStatus(id: number, status: number, patch: AgentPatch, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(ThirdPartyAgentEntity, { id, status }, patch);
    return !!result.affected;
  }

  /** Binds the agent to `host` if no host is bound yet (the first startup); whether this call bound it. */
  async bindHost(id: number, host: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(ThirdPartyAgentEntity, { id, boundHost: IsNull() }, { boundHost: host });
    return !!result.affected;
  }

  /** Changes the row only if it is still in `status` and still silent since before `before`; whether it did. */
  async markSilent(id: number, status: number, before: Date, patch: AgentPatch, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(ThirdPartyAgentEntity, { id, status, lastHeartbeatTime: LessThan(before) }, patch);
    return !!result.affected;
  }

  /**
   * Uses the install token once: clears it and sets the new secret if `tokenHash` is the pending,
   * unexpired token of a live agent. Whether it did (a second use, an expired or unknown token: no).
   */
  async consumeInstallToken(id: number, tokenHash: string, now: Date, patch: AgentPatch, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(
      ThirdPartyAgentEntity,
      { id, installTokenHash: tokenHash, installTokenExpiresAt: MoreThan(now), status: Not(AGENT_STATUS.DELETE) },
      { ...patch, installTokenHash: null, installTokenExpiresAt: null },
    );
    return !!result.affected;
  }
}
