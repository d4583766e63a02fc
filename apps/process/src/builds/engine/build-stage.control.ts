import { Injectable } from '@nestjs/common';
import { BUILD_CONTAINER, BUILD_FINISH, BUILD_STAGE, emitEvent, EventPayload } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { isFinish, isStartAction } from '@bkci/pipeline-model';
import { BuildRepository } from '../build.repository';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BuildStageEntity } from '../entities/build-stage.entity';
import { ENGINE_LOCK_WAIT_MS, STAGE_LOCK_TTL_MS, stageLockKey } from './build-locks';
import { buildStatusOf, stageStatusOf } from './stage-status';

type StageEvent = EventPayload<typeof BUILD_STAGE>;

/**
 * BK-CI StageControl, under the stage's lock. START: a queued stage becomes RUNNING and each of its
 * queued jobs gets a container event (a stage with nothing to run ends SKIP at once). REFRESH (a job
 * ended): once every job has finished, the stage takes its status and the build moves on — to the
 * next stage to run, to the finally stage after a failure, or to its end.
 */
@Injectable()
export class BuildStageControl {
  constructor(
    private readonly builds: BuildRepository,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  async handle(event: StageEvent): Promise<void> {
    await this.locks.withLock(stageLockKey(event.buildId, event.stageId), () => this.apply(event), { ttlMs: STAGE_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS });
  }

  private async apply(event: StageEvent): Promise<void> {
    const build = await this.builds.buildById(event.buildId);
    const stage = await this.builds.stage(event.buildId, event.stageId);
    if (!build || !stage || build.status !== 'RUNNING') return;
    const jobs = await this.builds.stageContainers(build.buildId, stage.stageId);
    const now = new Date();
    if (isStartAction(event.actionType)) {
      if (stage.status !== 'QUEUE') return;
      const runnable = jobs.filter((job) => job.status === 'QUEUE');
      await this.outbox.transaction(async (tx) => {
        if (!(await this.builds.swapStageStatus(build.buildId, stage.stageId, 'QUEUE', 'RUNNING', { startTime: now }, tx.manager))) return;
        if (runnable.length === 0) return this.endStage(tx, build, stage, 'SKIP', now);
        for (const job of runnable) {
          emitEvent(tx.emit, BUILD_CONTAINER, {
            projectId: build.projectId,
            pipelineId: build.pipelineId,
            buildId: build.buildId,
            stageId: stage.stageId,
            containerId: job.containerId,
            containerHashId: job.containerHashId,
            containerType: job.containerType,
            actionType: 'START',
            executeCount: build.executeCount,
          });
        }
      });
      return;
    }
    if (event.actionType !== 'REFRESH' || stage.status !== 'RUNNING' || !jobs.every((job) => isFinish(job.status))) return;
    await this.outbox.transaction((tx) => this.endStage(tx, build, stage, stageStatusOf(jobs.map((job) => job.status)), now));
  }

  /** Ends a RUNNING stage and sends the build on: the next queued stage, the finally stage after a failure, or the end. */
  private async endStage(tx: OutboxTransaction, build: BuildHistoryEntity, stage: BuildStageEntity, status: BuildStageEntity['status'], now: Date): Promise<void> {
    if (!(await this.builds.swapStageStatus(build.buildId, stage.stageId, 'RUNNING', status, { endTime: now }, tx.manager))) return;
    const stages = (await this.builds.stages(build.buildId, tx.manager)).map((s) => (s.stageId === stage.stageId ? { ...s, status } : s));
    const failed = status === 'FAILED' || status === 'CANCELED';
    const later = stages.filter((s) => s.seq > stage.seq && s.status === 'QUEUE');
    const next = failed ? later.find((s) => s.conditions.finally) : later[0];
    const ids = { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId };
    if (next) {
      emitEvent(tx.emit, BUILD_STAGE, { ...ids, stageId: next.stageId, actionType: 'START', executeCount: build.executeCount });
      return;
    }
    const finalStatus = buildStatusOf(stages.filter((s) => s.seq > 0).map((s) => s.status));
    emitEvent(tx.emit, BUILD_FINISH, { ...ids, status: finalStatus, errorType: null, errorCode: null, errorMsg: null });
  }
}
