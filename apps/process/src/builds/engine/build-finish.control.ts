import { Injectable } from '@nestjs/common';
import { BUILD_FINISH, BUILD_START, emitEvent, EventPayload } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { BuildNoType, isSuccess, PipelineSetting, TriggerContainer } from '@bkci/pipeline-model';
import { PipelineService } from '../../pipelines/pipeline.service';
import { BuildRepository } from '../build.repository';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BUILD_RUN_LOCK_TTL_MS, buildRunLockKey, ENGINE_LOCK_WAIT_MS } from './build-locks';
import { freeSlots } from './build-start.control';
import { buildEnded } from './stage-status';
import { emitBuildStatus } from './status-events';

/**
 * BK-CI BuildEndControl, the part the engine needs today: under the build's run lock a running
 * build takes its final status and end time, a success moves a SUCCESS_BUILD_INCREMENT build
 * number on, and the slot it frees goes to the pipeline's oldest queued builds (their start
 * events; BuildStartControl checks the cap again). Notifying comes with notify.
 */
@Injectable()
export class BuildFinishControl {
  constructor(
    private readonly builds: BuildRepository,
    private readonly pipelines: PipelineService,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  async handle(event: EventPayload<typeof BUILD_FINISH>): Promise<void> {
    await this.locks.withLock(buildRunLockKey(event.buildId), () => this.finish(event), { ttlMs: BUILD_RUN_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS });
  }

  private async finish(event: EventPayload<typeof BUILD_FINISH>): Promise<void> {
    const build = await this.builds.buildById(event.buildId);
    if (!build || buildEnded(build)) return;
    const { model, setting } = await this.pipelines.getVersion(build.projectId, build.pipelineId, build.version);
    const buildNoType = (model.stages[0].containers[0] as TriggerContainer).buildNo?.buildNoType;
    await this.outbox.transaction(async ({ manager, emit }) => {
      const change = { endTime: new Date(), errorType: event.errorType, errorCode: event.errorCode, errorMsg: event.errorMsg };
      if (!(await this.builds.swapBuildStatus(build.buildId, build.status, event.status, change, manager))) return;
      emitBuildStatus(emit, build, 'FINISHED', event.status, change.endTime);
      if (buildNoType === 'SUCCESS_BUILD_INCREMENT' && isSuccess(event.status) && !build.debug) await this.builds.incrementBuildNo(build.pipelineId, manager);
      await handOverSlots(this.builds, { manager, emit }, build, setting, buildNoType);
    });
  }
}

/** The slots a MULTIPLE pipeline has free once a build ended go to its oldest queued builds (their start events). */
export async function handOverSlots(
  builds: BuildRepository,
  tx: Pick<OutboxTransaction, 'manager' | 'emit'>,
  ended: BuildHistoryEntity,
  setting: PipelineSetting,
  buildNoType: BuildNoType | undefined,
): Promise<void> {
  if (setting.runLockType !== 'MULTIPLE') return;
  const free = await freeSlots(builds, ended.projectId, ended.pipelineId, setting, tx.manager);
  for (const queued of free > 0 ? await builds.oldestQueued(ended.projectId, ended.pipelineId, free, tx.manager) : []) {
    emitEvent(tx.emit, BUILD_START, {
      projectId: queued.projectId,
      pipelineId: queued.pipelineId,
      buildId: queued.buildId,
      taskId: queued.firstTaskId,
      actionType: 'START',
      executeCount: queued.executeCount,
      buildNoType: buildNoType ?? null,
      debug: queued.debug,
      userId: queued.startUser,
    });
  }
}
