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

/**
 * BK-CI BuildEndControl's pop of the next queued builds: once a build ended, a MULTIPLE pipeline's
 * free slots go to its oldest queued builds; a SINGLE or SINGLE_LOCK pipeline offers its turn to
 * its oldest queued build; a GROUP_LOCK build's group starts its oldest queued build, of any
 * of the project's pipelines. They get start events; BuildStartControl decides again under its locks.
 */
export async function handOverSlots(
  builds: BuildRepository,
  tx: Pick<OutboxTransaction, 'manager' | 'emit'>,
  ended: BuildHistoryEntity,
  setting: PipelineSetting,
  buildNoType: BuildNoType | undefined,
): Promise<void> {
  for (const queued of await nextToStart(builds, tx.manager, ended, setting)) {
    emitEvent(tx.emit, BUILD_START, {
      projectId: queued.projectId,
      pipelineId: queued.pipelineId,
      buildId: queued.buildId,
      taskId: queued.firstTaskId,
      actionType: 'START',
      executeCount: queued.executeCount,
      // A build of another pipeline of the group has its own number type; its start reads it from its model.
      buildNoType: queued.pipelineId === ended.pipelineId ? (buildNoType ?? null) : null,
      debug: queued.debug,
      userId: queued.startUser,
    });
  }
}

async function nextToStart(builds: BuildRepository, manager: OutboxTransaction['manager'], ended: BuildHistoryEntity, setting: PipelineSetting): Promise<BuildHistoryEntity[]> {
  switch (setting.runLockType) {
    case 'MULTIPLE': {
      const free = await freeSlots(builds, ended.projectId, ended.pipelineId, setting, manager);
      return free > 0 ? builds.oldestQueued(ended.projectId, ended.pipelineId, free, manager) : [];
    }
    case 'SINGLE':
    case 'SINGLE_LOCK':
      return builds.oldestQueued(ended.projectId, ended.pipelineId, 1, manager);
    case 'GROUP_LOCK': {
      const next = await builds.oldestQueuedOfGroup(ended.projectId, ended.concurrencyGroup ?? ended.pipelineId, manager);
      return next ? [next] : [];
    }
    default:
      return [];
  }
}
