import { Injectable } from '@nestjs/common';
import { AGENT_WORK_READY, emitEvent, ThirdPartyAgentView } from '@bkci/contracts';
import { DomainError } from '@bkci/core';
import { OutboxService } from '@bkci/messaging';
import type { DispatchType, VMBuildContainer } from '@bkci/pipeline-model';
import { BuildRepository } from '../build.repository';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { BuildDispatchEntity } from '../entities/build-dispatch.entity';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BuildTaskEntity } from '../entities/build-task.entity';
import { AgentChoice, AgentPicker, ONLINE } from './agent-picker';
import { DispatchRepository } from './dispatch.repository';

/** BK-CI's default queue time of a VM job waiting for an agent, when the job sets none (VMBuildContainer.maxQueueMinutes). */
const DEFAULT_QUEUE_MINUTES = 60;

/**
 * The startVM step of a VM job (BK-CI DispatchVMStartupTaskAtom and ThirdPartyDispatchService):
 * the job is queued for the agents that may take it and they are woken; the step waits
 * (CALL_WAITING) until an agent's worker says it started. The job shows PREPARE_ENV while one of
 * them has a free slot, LOOP_WAITING with the reason while none has.
 */
@Injectable()
export class JobDispatcher {
  constructor(
    private readonly builds: BuildRepository,
    private readonly dispatches: DispatchRepository,
    private readonly picker: AgentPicker,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Queues the job; false when it cannot be (it names an agent or env environment refuses, e.g. an
   * env that does not exist): its startVM step has FAILED with environment's answer as the reason.
   */
  async dispatch(build: BuildHistoryEntity, job: BuildContainerEntity, startVM: BuildTaskEntity): Promise<boolean> {
    const config = job.conditions as Partial<VMBuildContainer>;
    const dispatchType: DispatchType | null = config.dispatchType ?? legacyDispatchType(config);
    let choice: AgentChoice;
    try {
      choice = await this.picker.candidates(build.projectId, build.startUser, dispatchType);
    } catch (error) {
      // environment is down (5xx): the event is retried. A refusal will not change by retrying.
      if (!(error instanceof DomainError) || error.httpStatus >= 500) throw error;
      const reason = `no agent to run on: ${error.message}`;
      await this.builds.swapTaskStatus(build.buildId, startVM.taskId, startVM.status, 'FAILED', { startTime: new Date(), endTime: new Date(), statusReason: reason, errorMsg: reason });
      return false;
    }
    const { agents, free, reason } = await this.freeOf(choice);
    const now = new Date();
    // YAML's `queue-timeout-minutes` is the job's prepareTimeout (BK-CI passes it to dispatch as queueTimeoutMinutes).
    const queueMinutes = [config.jobControlOption?.prepareTimeout, config.maxQueueMinutes].find((minutes) => typeof minutes === 'number' && minutes > 0) ?? DEFAULT_QUEUE_MINUTES;
    await this.outbox.transaction(async ({ manager, emit }) => {
      if (!(await this.builds.swapTaskStatus(build.buildId, startVM.taskId, startVM.status, 'CALL_WAITING', { startTime: now, statusReason: reason }, manager))) return;
      await this.builds.swapContainerStatus(build.buildId, job.containerId, job.status, free.length > 0 ? 'PREPARE_ENV' : 'LOOP_WAITING', { statusReason: reason }, manager);
      await this.dispatches.enqueue(
        {
          buildId: build.buildId,
          vmSeqId: job.containerId,
          projectId: build.projectId,
          pipelineId: build.pipelineId,
          containerHashId: job.containerHashId,
          jobId: job.jobId,
          executeCount: build.executeCount,
          status: 'QUEUE',
          agentProjectId: null,
          agentId: null,
          workspace: dispatchType?.workspace ?? config.thirdPartyWorkspace ?? null,
          queuedAt: now,
          queueTimeoutAt: new Date(now.getTime() + queueMinutes * 60_000),
          claimedAt: null,
          lastHeartbeatAt: null,
          endedAt: null,
          cancelTaskIds: [],
          revision: 1,
        },
        agents.map((agent) => ({ agentProjectId: agent.projectId, agentId: agent.agentId })),
        manager,
      );
      for (const agent of free) emitEvent(emit, AGENT_WORK_READY, { projectId: agent.projectId, agentId: agent.agentId });
    });
    return true;
  }

  /**
   * A queued job asks again which agents may take it (an agent imported or enabled since it was
   * queued, one removed): its candidates are replaced, the free ones woken, and its reason brought up
   * to date. The monitor calls it for every queued job now and then.
   */
  async refresh(dispatch: BuildDispatchEntity): Promise<void> {
    const build = await this.builds.buildById(dispatch.buildId);
    const job = await this.builds.container(dispatch.buildId, dispatch.vmSeqId);
    if (!build || !job || (job.status !== 'LOOP_WAITING' && job.status !== 'PREPARE_ENV')) return;
    const config = job.conditions as Partial<VMBuildContainer>;
    const choice = await this.picker.candidates(build.projectId, build.startUser, config.dispatchType ?? legacyDispatchType(config));
    const { agents, free, reason } = await this.freeOf(choice);
    await this.outbox.transaction(async ({ manager, emit }) => {
      const keys = agents.map((agent) => ({ agentProjectId: agent.projectId, agentId: agent.agentId }));
      if (!(await this.dispatches.replaceCandidates(dispatch, keys, manager))) return;
      await this.builds.swapContainerStatus(build.buildId, job.containerId, job.status, free.length > 0 ? 'PREPARE_ENV' : 'LOOP_WAITING', { statusReason: reason }, manager);
      for (const agent of free) emitEvent(emit, AGENT_WORK_READY, { projectId: agent.projectId, agentId: agent.agentId });
    });
  }

  /** The candidates online with a free slot (running fewer jobs than their parallelTaskCount, 0 = no limit), and why the job waits. */
  private async freeOf({ agents, target }: AgentChoice): Promise<{ agents: ThirdPartyAgentView[]; free: ThirdPartyAgentView[]; reason: string }> {
    const busy = await Promise.all(agents.map(async (agent) => agent.parallelTaskCount > 0 && (await this.dispatches.runningOn({ agentProjectId: agent.projectId, agentId: agent.agentId })) >= agent.parallelTaskCount));
    const free = agents.filter((agent, index) => agent.status === ONLINE && !busy[index]);
    const why = (agent: ThirdPartyAgentView) => (agent.status !== ONLINE ? `${agent.agentId} is offline` : `${agent.agentId} runs its ${agent.parallelTaskCount} jobs`);
    const reason =
      agents.length === 0
        ? `waiting for an agent: ${target} has no imported agent`
        : free.length === 0
          ? `waiting for an agent of ${target} to be online with a free slot (${agents.map(why).join(', ')})`
          : `waiting for ${target} to take the job (${free.map((a) => a.agentId).join(', ')} free)`;
    return { agents, free, reason };
  }
}

/** Models saved before `dispatchType` named the agent or env in their own fields. */
function legacyDispatchType(config: Partial<VMBuildContainer>): DispatchType | null {
  if (config.thirdPartyAgentId) return { buildType: 'THIRD_PARTY_AGENT_ID', value: config.thirdPartyAgentId, agentType: 'ID' };
  if (config.thirdPartyAgentEnvId) return { buildType: 'THIRD_PARTY_AGENT_ENV', value: config.thirdPartyAgentEnvId, agentType: 'ID' };
  return null;
}
