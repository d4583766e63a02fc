import { Injectable } from '@nestjs/common';
import { BUILD_CANCEL, EventPayload } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import { isRunning, TriggerContainer } from '@bkci/pipeline-model';
import { EntityManager } from 'typeorm';
import { PipelineService } from '../../pipelines/pipeline.service';
import { BuildRepository } from '../build.repository';
import { DispatchRepository } from '../dispatch/dispatch.repository';
import { BUILD_RUN_LOCK_TTL_MS, buildRunLockKey, ENGINE_LOCK_WAIT_MS } from './build-locks';
import { handOverSlots } from './build-finish.control';
import { buildEnded } from './stage-status';
import { emitBuildStatus, emitStageStatus } from './status-events';

/**
 * BK-CI BuildCancelControl, engine side: under the build's run lock an unfinished build — queued or
 * running — and every stage, job and step of it not finished yet become CANCELED, and a running
 * build's slot goes to the next queued one. Agents are told to kill the steps they run.
 */
@Injectable()
export class BuildCancelControl {
  constructor(
    private readonly builds: BuildRepository,
    private readonly dispatches: DispatchRepository,
    private readonly pipelines: PipelineService,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  async handle(event: EventPayload<typeof BUILD_CANCEL>): Promise<void> {
    await this.locks.withLock(buildRunLockKey(event.buildId), () => this.cancel(event), { ttlMs: BUILD_RUN_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS });
  }

  private async cancel(event: EventPayload<typeof BUILD_CANCEL>): Promise<void> {
    const build = await this.builds.buildById(event.buildId);
    if (!build || buildEnded(build)) return;
    const { model, setting } = await this.pipelines.getVersion(build.projectId, build.pipelineId, build.version);
    const buildNoType = (model.stages[0].containers[0] as TriggerContainer).buildNo?.buildNoType;
    const now = new Date();
    await this.outbox.transaction(async ({ manager, emit }) => {
      if (!(await this.builds.swapBuildStatus(build.buildId, build.status, 'CANCELED', { endTime: now }, manager))) return;
      await this.stopAgents(build.buildId, now, manager);
      // The stages that had started (running, or waiting for a review) end with the build.
      const started = (await this.builds.stages(build.buildId, manager)).filter((stage) => isRunning(stage.status));
      await this.builds.cancelUnfinished(build.buildId, now, manager);
      for (const stage of started) emitStageStatus(emit, build, stage.stageId, 'FINISHED', 'CANCELED', now);
      emitBuildStatus(emit, build, 'FINISHED', 'CANCELED', now);
      await handOverSlots(this.builds, { manager, emit }, build, setting, buildNoType);
    });
  }

  /** Jobs still queued for agents are withdrawn; workers running steps are told to kill them (in their next heartbeat answer). */
  private async stopAgents(buildId: string, now: Date, manager: EntityManager): Promise<void> {
    const tasks = await this.builds.tasks(buildId, manager);
    for (const dispatch of await this.dispatches.activeOfBuild(buildId, manager)) {
      if (dispatch.status === 'QUEUE') await this.dispatches.finish(buildId, dispatch.vmSeqId, now, manager);
      const running = tasks.filter((task) => task.containerId === dispatch.vmSeqId && task.status === 'RUNNING' && task.taskAtom === '');
      if (dispatch.status === 'RUNNING') await this.dispatches.requestCancel(buildId, dispatch.vmSeqId, running.map((task) => task.taskId), manager);
    }
  }
}
