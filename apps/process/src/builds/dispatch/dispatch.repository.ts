import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThan } from 'typeorm';
import { BuildDispatchAgentEntity } from '../entities/build-dispatch-agent.entity';
import { BuildDispatchEntity } from '../entities/build-dispatch.entity';

/** An agent as a dispatch names it. */
export interface AgentKey {
  agentProjectId: string;
  agentId: string;
}

/** How many queued jobs an agent's claim looks at before it gives up on lost races. */
const CLAIM_CANDIDATES = 5;

/**
 * The VM jobs handed to agents and the agents that may take each. Every status change is a
 * compare-and-set on `revision`, so a claim, a heartbeat and the monitor never undo each other.
 */
@Injectable()
export class DispatchRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Queues a job run for its candidate agents, replacing what an earlier run of the job left. */
  async enqueue(dispatch: BuildDispatchEntity, agents: AgentKey[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    const job = { buildId: dispatch.buildId, vmSeqId: dispatch.vmSeqId };
    // Deleted only when there: a delete that finds nothing still locks the gap on MySQL, and two jobs queued at once would deadlock on it.
    if (await manager.existsBy(BuildDispatchEntity, job)) {
      await manager.delete(BuildDispatchAgentEntity, job);
      await manager.delete(BuildDispatchEntity, job);
    }
    await manager.insert(BuildDispatchEntity, dispatch);
    if (agents.length > 0) await manager.insert(BuildDispatchAgentEntity, agents.map((agent) => ({ ...job, ...agent, queuedAt: dispatch.queuedAt })));
  }

  /** A queued job's candidates replaced; false when it is not queued any more (an agent took it meanwhile). */
  async replaceCandidates(dispatch: BuildDispatchEntity, agents: AgentKey[], manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const job = { buildId: dispatch.buildId, vmSeqId: dispatch.vmSeqId };
    const result = await manager.update(BuildDispatchEntity, { ...job, status: 'QUEUE' }, { revision: () => 'revision + 1' });
    if (result.affected !== 1) return false;
    await manager.delete(BuildDispatchAgentEntity, job);
    if (agents.length > 0) await manager.insert(BuildDispatchAgentEntity, agents.map((agent) => ({ ...job, ...agent, queuedAt: dispatch.queuedAt })));
    return true;
  }

  /** Every job waiting for an agent. */
  queued(): Promise<BuildDispatchEntity[]> {
    return this.dataSource.manager.findBy(BuildDispatchEntity, { status: 'QUEUE' });
  }

  job(buildId: string, vmSeqId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildDispatchEntity | null> {
    return manager.findOneBy(BuildDispatchEntity, { buildId, vmSeqId });
  }

  /** The build's jobs still queued or running on an agent. */
  activeOfBuild(buildId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildDispatchEntity[]> {
    return manager.findBy(BuildDispatchEntity, { buildId, status: In(['QUEUE', 'RUNNING']) });
  }

  /** How many jobs the agent runs now, as the engine counts them. */
  runningOn(agent: AgentKey): Promise<number> {
    return this.dataSource.manager.countBy(BuildDispatchEntity, { ...agent, status: 'RUNNING' });
  }

  /** The oldest queued job the agent may take, now RUNNING on it; null when there is none. */
  async claimOldest(agent: AgentKey, now: Date): Promise<BuildDispatchEntity | null> {
    const offered = await this.dataSource.manager
      .createQueryBuilder(BuildDispatchEntity, 'dispatch')
      .innerJoin(BuildDispatchAgentEntity, 'candidate', 'candidate.build_id = dispatch.build_id AND candidate.vm_seq_id = dispatch.vm_seq_id')
      .where('candidate.agent_project_id = :agentProjectId AND candidate.agent_id = :agentId', agent)
      .andWhere('dispatch.status = :status', { status: 'QUEUE' })
      .orderBy('dispatch.queued_at', 'ASC')
      .addOrderBy('dispatch.build_id', 'ASC')
      .limit(CLAIM_CANDIDATES)
      .getMany();
    for (const dispatch of offered) {
      const taken = await this.swap(dispatch, 'QUEUE', { status: 'RUNNING', ...agent, claimedAt: now, lastHeartbeatAt: now });
      if (taken) return { ...dispatch, status: 'RUNNING', ...agent, claimedAt: now, lastHeartbeatAt: now, revision: dispatch.revision + 1 };
    }
    return null;
  }

  /** The worker's heartbeat; false when the job is not running on an agent any more. */
  async heartbeat(buildId: string, vmSeqId: string, now: Date): Promise<boolean> {
    const result = await this.dataSource.manager.update(BuildDispatchEntity, { buildId, vmSeqId, status: 'RUNNING' }, { lastHeartbeatAt: now });
    return result.affected === 1;
  }

  /** The job is over for the agents: it frees its agent's slot and is offered to no one. */
  async finish(buildId: string, vmSeqId: string, now: Date, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    await manager.delete(BuildDispatchAgentEntity, { buildId, vmSeqId });
    const result = await manager.update(BuildDispatchEntity, { buildId, vmSeqId, status: In(['QUEUE', 'RUNNING']) }, { status: 'DONE', endedAt: now, revision: () => 'revision + 1' });
    return result.affected === 1;
  }

  /** Steps the worker must kill, told in its next heartbeat answer. */
  async requestCancel(buildId: string, vmSeqId: string, taskIds: string[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (taskIds.length === 0) return;
    const dispatch = await this.job(buildId, vmSeqId, manager);
    if (!dispatch || dispatch.status !== 'RUNNING') return;
    const cancelTaskIds = [...new Set([...dispatch.cancelTaskIds, ...taskIds])];
    await manager.update(BuildDispatchEntity, { buildId, vmSeqId }, { cancelTaskIds, revision: () => 'revision + 1' });
  }

  /** Running jobs whose worker has been silent since `before`. */
  silentSince(before: Date): Promise<BuildDispatchEntity[]> {
    return this.dataSource.manager.findBy(BuildDispatchEntity, { status: 'RUNNING', lastHeartbeatAt: LessThan(before) });
  }

  /** Queued jobs no agent took in time. */
  queueTimedOut(now: Date): Promise<BuildDispatchEntity[]> {
    return this.dataSource.manager.findBy(BuildDispatchEntity, { status: 'QUEUE', queueTimeoutAt: LessThan(now) });
  }

  private async swap(dispatch: BuildDispatchEntity, expected: BuildDispatchEntity['status'], change: Partial<BuildDispatchEntity>): Promise<boolean> {
    const where = { buildId: dispatch.buildId, vmSeqId: dispatch.vmSeqId, status: expected, revision: dispatch.revision };
    const result = await this.dataSource.manager.update(BuildDispatchEntity, where, { ...change, revision: () => 'revision + 1' });
    return result.affected === 1;
  }
}
