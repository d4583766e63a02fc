import { Injectable } from '@nestjs/common';
import { BUILD_CONTAINER, BUILD_FINISH, BUILD_STAGE, emitEvent, EventPayload } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { isFinish, isStartAction, StageControlOption } from '@bkci/pipeline-model';
import { BuildRepository } from '../build.repository';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BuildStageEntity } from '../entities/build-stage.entity';
import { ENGINE_LOCK_WAIT_MS, STAGE_LOCK_TTL_MS, stageLockKey } from './build-locks';
import { stageSkipped } from './run-conditions';
import { buildStatusOf, stageStatusOf } from './stage-status';

type StageEvent = EventPayload<typeof BUILD_STAGE>;

/**
 * BK-CI StageControl, under the stage's lock. START: a stage its run condition skips is SKIP with
 * its jobs (CheckConditionalSkipStageCmd); otherwise a queued stage becomes RUNNING and each of its
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
      const variables = Object.fromEntries((await this.builds.vars(build.buildId)).map((v) => [v.key, v.value]));
      if (stageSkipped(stage.conditions.stageControlOption as StageControlOption | null, variables)) {
        await this.outbox.transaction(async (tx) => {
          if (!(await this.builds.swapStageStatus(build.buildId, stage.stageId, 'QUEUE', 'SKIP', { startTime: now, endTime: now }, tx.manager))) return;
          for (const job of runnable) await this.builds.swapContainerStatus(build.buildId, job.containerId, 'QUEUE', 'SKIP', { startTime: now, endTime: now }, tx.manager);
          await this.moveOn(tx, build, stage, 'SKIP');
        });
        return;
      }
      const previousStageStatus = (await this.builds.stages(build.buildId)).filter((s) => s.seq < stage.seq && isFinish(s.status)).pop()?.status ?? null;
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
            previousStageStatus,
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
    await this.moveOn(tx, build, stage, status);
  }

  /** After a stage took its final status: the next stage to run, the finally stage after a failure, or the build's end. */
  private async moveOn(tx: OutboxTransaction, build: BuildHistoryEntity, stage: BuildStageEntity, status: BuildStageEntity['status']): Promise<void> {
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
