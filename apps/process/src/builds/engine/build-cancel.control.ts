import { Injectable } from '@nestjs/common';
import { BUILD_CANCEL, EventPayload } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import { isRunning, TriggerContainer } from '@bkci/pipeline-model';
import { PipelineService } from '../../pipelines/pipeline.service';
import { BuildRepository } from '../build.repository';
import { BUILD_RUN_LOCK_TTL_MS, buildRunLockKey, ENGINE_LOCK_WAIT_MS } from './build-locks';
import { handOverSlots } from './build-finish.control';
import { buildEnded } from './stage-status';
import { emitBuildStatus, emitStageStatus } from './status-events';

/**
 * BK-CI BuildCancelControl, engine side: under the build's run lock an unfinished build — queued or
 * running — and every stage, job and step of it not finished yet become CANCELED, and a running
 * build's slot goes to the next queued one. (Killing a step an agent is running comes with dispatch.)
 */
@Injectable()
export class BuildCancelControl {
  constructor(
    private readonly builds: BuildRepository,
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
      // The stages that had started (running, or waiting for a review) end with the build.
      const started = (await this.builds.stages(build.buildId, manager)).filter((stage) => isRunning(stage.status));
      await this.builds.cancelUnfinished(build.buildId, now, manager);
      for (const stage of started) emitStageStatus(emit, build, stage.stageId, 'FINISHED', 'CANCELED', now);
      emitBuildStatus(emit, build, 'FINISHED', 'CANCELED', now);
      await handOverSlots(this.builds, { manager, emit }, build, setting, buildNoType);
    });
  }
}
