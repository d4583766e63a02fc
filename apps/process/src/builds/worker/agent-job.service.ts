import { Injectable, Logger } from '@nestjs/common';
import { AgentIdentity } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import { AGENT_BY_ID, ThirdPartyBuildInfo } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import { isFinish } from '@bkci/pipeline-model';
import { BuildRepository } from '../build.repository';
import { BuildError, BuildErrorCode } from '../build.errors';
import { BuildTokensClient } from '../build-tokens.client';
import { DispatchRepository } from '../dispatch/dispatch.repository';
import { CONTAINER_LOCK_TTL_MS, containerLockKey, ENGINE_LOCK_WAIT_MS } from '../engine/build-locks';
import { isEndMarker } from '../engine/build-container.control';
import { emitContainerEvent } from '../engine/container-event';
import { WorkerBuildFinishDto } from './dto/worker.dto';

const AGENT_CLAIM_LOCK_TTL_MS = 10_000;

/** One claim of an agent at a time, so two of its asks cannot both take its last free slot. */
function agentClaimLockKey(agent: AgentIdentity): string {
  return `lock:dispatch:agent:${agent.projectId}:${agent.agentId}`;
}

/**
 * The agent's side of dispatch (BK-CI BuildAgentBuildResource): `startBuild` gives a woken agent
 * the oldest job queued for it while it has a free slot, with the job's build token; the agent's
 * `workerBuildFinish` lets the job go, and a job the agent dropped before its end is terminated.
 */
@Injectable()
export class AgentJobService {
  private readonly logger = new Logger(AgentJobService.name);

  constructor(
    private readonly builds: BuildRepository,
    private readonly dispatches: DispatchRepository,
    private readonly tokens: BuildTokensClient,
    private readonly services: ServiceClient,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  startBuild(agent: AgentIdentity): Promise<ThirdPartyBuildInfo | null> {
    return this.locks.withLock(agentClaimLockKey(agent), () => this.claim(agent), { ttlMs: AGENT_CLAIM_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS });
  }

  private async claim(agent: AgentIdentity): Promise<ThirdPartyBuildInfo | null> {
    const key = { agentProjectId: agent.projectId, agentId: agent.agentId };
    const view = await this.services.call(AGENT_BY_ID, { projectId: agent.projectId, agentId: agent.agentId }, { onBehalfOf: 'process' });
    if (view.parallelTaskCount > 0 && (await this.dispatches.runningOn(key)) >= view.parallelTaskCount) return null;
    const dispatch = await this.dispatches.claimOldest(key, new Date());
    if (!dispatch) return null;
    const build = await this.builds.buildById(dispatch.buildId);
    const container = await this.builds.container(dispatch.buildId, dispatch.vmSeqId);
    if (build && container && !isFinish(container.status)) {
      await this.builds.swapContainerStatus(dispatch.buildId, dispatch.vmSeqId, container.status, 'PREPARE_ENV', { statusReason: `agent ${agent.agentId} took the job` });
    }
    const { token } = await this.tokens.mintJobToken({
      projectId: dispatch.projectId,
      pipelineId: dispatch.pipelineId,
      buildId: dispatch.buildId,
      userId: build?.startUser ?? 'process',
      vmSeqId: dispatch.vmSeqId,
    });
    return {
      projectId: dispatch.projectId,
      buildId: dispatch.buildId,
      vmSeqId: dispatch.vmSeqId,
      workspace: dispatch.workspace ?? '',
      pipelineId: dispatch.pipelineId,
      executeCount: dispatch.executeCount,
      containerHashId: dispatch.containerHashId,
      jobId: dispatch.jobId,
      buildToken: token,
    };
  }

  async workerBuildFinish(agent: AgentIdentity, finished: WorkerBuildFinishDto): Promise<boolean> {
    const dispatch = await this.dispatches.job(finished.buildId, finished.vmSeqId);
    const notOnAgent = () => new BuildError(BuildErrorCode.JOB_NOT_ON_AGENT, `Agent ${agent.agentId} does not run job ${finished.vmSeqId} of build ${finished.buildId}`);
    if (!dispatch || dispatch.projectId !== finished.projectId) throw notOnAgent();
    // A late word on an earlier run of a job its build's retry queued again: that run is over, the new one is not its to end.
    if (finished.executeCount !== undefined && finished.executeCount !== dispatch.executeCount) return true;
    if (dispatch.agentProjectId !== agent.projectId || dispatch.agentId !== agent.agentId) throw notOnAgent();
    await this.locks.withLock(containerLockKey(dispatch.buildId, dispatch.vmSeqId), () => this.letGo(dispatch.buildId, dispatch.vmSeqId, dispatch.executeCount, agent, finished), {
      ttlMs: CONTAINER_LOCK_TTL_MS,
      waitMs: ENGINE_LOCK_WAIT_MS,
    });
    await this.revoke(dispatch.projectId, dispatch.buildId, dispatch.vmSeqId);
    return true;
  }

  private async letGo(buildId: string, vmSeqId: string, executeCount: number, agent: AgentIdentity, finished: WorkerBuildFinishDto): Promise<void> {
    const container = await this.builds.container(buildId, vmSeqId);
    // The worker saw END and ended the job's end marker: the engine finishes the job (its REFRESH may still be on its way).
    const reachedEnd = (await this.builds.containerTasks(buildId, vmSeqId)).some((task) => isEndMarker(task) && task.status === 'SUCCEED');
    await this.outbox.transaction(async ({ manager, emit }) => {
      await this.dispatches.finish(buildId, vmSeqId, new Date(), manager);
      // A job a retry has queued again (a later execute count) waits for its own run.
      if (!container || isFinish(container.status) || reachedEnd || container.executeCount !== executeCount) return;
      const reason = `agent ${agent.agentId} ended the job before its end${finished.message ? `: ${finished.message}` : ''}`;
      emitContainerEvent({ emit }, container, 'TERMINATE', { status: 'FAILED', reason });
    });
  }

  /** Best effort: a token left behind expires, and the build's end revokes every token it has. */
  private async revoke(projectId: string, buildId: string, vmSeqId: string): Promise<void> {
    await this.tokens.revokeJobToken(projectId, buildId, vmSeqId).catch((error: unknown) => this.logger.warn(`job ${vmSeqId} of build ${buildId}: its token stays until the build ends (${String(error)})`));
  }
}
