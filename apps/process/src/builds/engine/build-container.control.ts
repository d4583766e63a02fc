import { Injectable } from '@nestjs/common';
import { BUILD_CONTAINER, BUILD_STAGE, emitEvent, EventPayload } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import { isReadyToRun, isStartAction, JobControlOption } from '@bkci/pipeline-model';
import { BuildRepository } from '../build.repository';
import { CONTAINER_LOCK_TTL_MS, containerLockKey, ENGINE_LOCK_WAIT_MS } from './build-locks';
import { jobSkipped } from './run-conditions';

type ContainerEvent = EventPayload<typeof BUILD_CONTAINER>;

/**
 * The first commands of BK-CI's ContainerControl, under the job's lock: on START a job that is
 * ready to run is checked against its run condition (CheckConditionalSkipContainerCmd); a job with
 * no steps, a disabled one or one its condition rules out becomes SKIP with its steps, and its
 * stage is refreshed (UpdateStateContainerCmdFinally). A job that runs stays QUEUE here: dispatching
 * it to an agent and running its steps are the commands that come next.
 */
@Injectable()
export class BuildContainerControl {
  constructor(
    private readonly builds: BuildRepository,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  async handle(event: ContainerEvent): Promise<void> {
    await this.locks.withLock(containerLockKey(event.buildId, event.containerId), () => this.apply(event), { ttlMs: CONTAINER_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS });
  }

  private async apply(event: ContainerEvent): Promise<void> {
    if (!isStartAction(event.actionType)) return;
    const build = await this.builds.buildById(event.buildId);
    const job = await this.builds.container(event.buildId, event.containerId);
    const stage = await this.builds.stage(event.buildId, event.stageId);
    if (!build || !job || !stage || build.status !== 'RUNNING' || !isReadyToRun(job.status)) return;
    const tasks = await this.builds.containerTasks(build.buildId, job.containerId);
    const variables = Object.fromEntries((await this.builds.vars(build.buildId)).map((v) => [v.key, v.value]));
    const option = (job.conditions as { jobControlOption?: JobControlOption | null }).jobControlOption;
    const skip = (tasks.length === 0 && !job.matrixGroupFlag) || jobSkipped(option, variables, stage.conditions.finally, event.previousStageStatus);
    if (!skip) return;
    const now = new Date();
    await this.outbox.transaction(async ({ manager, emit }) => {
      if (!(await this.builds.swapContainerStatus(build.buildId, job.containerId, job.status, 'SKIP', { startTime: now, endTime: now }, manager))) return;
      await this.builds.skipQueuedTasks(build.buildId, job.containerId, now, manager);
      emitEvent(emit, BUILD_STAGE, { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId, stageId: stage.stageId, actionType: 'REFRESH', executeCount: build.executeCount });
    });
  }
}
