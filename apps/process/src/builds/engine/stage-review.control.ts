import { Injectable, Logger } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { BUILD_STAGE, emitEvent } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import type { StagePauseCheck } from '@bkci/pipeline-model';
import { MAX_VAR_LENGTH } from '../build-params';
import { BuildError, BuildErrorCode, buildNotFound } from '../build.errors';
import { BuildRepository } from '../build.repository';
import type { StageReviewRequestDto } from '../dto/stage-review.dto';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BuildStageEntity } from '../entities/build-stage.entity';
import { ENGINE_LOCK_WAIT_MS, STAGE_LOCK_TTL_MS, stageLockKey } from './build-locks';
import { groupToReview, hasReviewer, isReviewer, reviewed, reviewGroupById, reviewTimeoutMs, reviewVariables, SYSTEM_REVIEWER } from './stage-check-in';
import { moveOn } from './stage-move-on';
import { emitStageStatus } from './status-events';

/** BK-CI's suggestion when the system rejects a review no one may act on. */
const NO_REVIEWER_SUGGEST = 'Rejected by the system: the review group has no reviewer';

/**
 * A stage's check-in review once the stage waits for it (BK-CI PipelineStageService stageManualStart,
 * cancelStage and the monitor's review timeout), under the stage's lock. While it waits the stage is
 * PAUSE and the build STAGE_SUCCESS. Approving a group moves the review to the next group; the last
 * approval writes the review params as build variables and starts the stage. Rejecting it — a
 * reviewer, the timeout, or nobody to review — ends the stage STAGE_SUCCESS and sends the build to
 * its finally stage or its end, which is STAGE_SUCCESS as BK-CI's.
 */
@Injectable()
export class StageReviewControl {
  private readonly logger = new Logger(StageReviewControl.name);

  constructor(
    private readonly builds: BuildRepository,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  /** BK-CI buildManualStartStage: a reviewer of the waiting group approves it, or rejects the review (`cancel`). */
  async review(caller: Caller, projectId: string, pipelineId: string, buildId: string, stageId: string, request: StageReviewRequestDto, cancel: boolean): Promise<void> {
    if (!(await this.builds.build(projectId, pipelineId, buildId))) throw buildNotFound(pipelineId, buildId);
    await this.underLock(buildId, stageId, async () => {
      const build = (await this.builds.buildById(buildId))!;
      const stage = await this.builds.stage(buildId, stageId);
      if (!stage) throw new BuildError(BuildErrorCode.STAGE_NOT_FOUND, `Build ${buildId} has no stage ${stageId}`);
      const check = stage.checkIn;
      if (stage.status !== 'PAUSE' || !check) throw new BuildError(BuildErrorCode.STAGE_NOT_PAUSED, `Stage ${stageId} of build ${buildId} is not waiting for its review (${stage.status})`);
      const group = reviewGroupById(check, request.id);
      const waiting = groupToReview(check);
      if (!group || !waiting || group.id !== waiting.id) {
        throw new BuildError(BuildErrorCode.REVIEW_GROUP_NOT_WAITING, `Review group ${request.id ?? '(first)'} of stage ${stageId} is not the one waiting for its review`);
      }
      if (!isReviewer(check, caller.userId)) {
        throw new BuildError(BuildErrorCode.NOT_STAGE_REVIEWER, `${caller.userId} is not a reviewer of group ${waiting.name} of stage ${stageId}`);
      }
      for (const param of request.reviewParams ?? []) {
        const values = Array.isArray(param.value) ? param.value : [param.value];
        if (values.some((value) => String(value).length > MAX_VAR_LENGTH)) {
          throw new BuildError(BuildErrorCode.REVIEW_PARAM_TOO_LONG, `Review param ${param.key} is longer than ${MAX_VAR_LENGTH} characters`);
        }
      }
      const now = new Date();
      const decision = cancel ? 'ABORT' : 'PROCESS';
      const decided = reviewed(check, { groupId: waiting.id, operator: caller.userId, action: decision, params: request.reviewParams, suggest: request.suggest, time: now.getTime() })!;
      const applied = await this.outbox.transaction(async (tx) => {
        if (decision === 'PROCESS') await this.saveFlowVariables(tx, build, stage, check, caller.userId, request.suggest ?? '');
        return this.apply(tx, build, stage, decided, now);
      });
      if (!applied) throw new BuildError(BuildErrorCode.BUILD_FINISHED, `Build ${buildId} has ended; its stage ${stageId} can no longer be reviewed`);
    });
  }

  /**
   * BK-CI's review timeout (BuildMonitorControl): every stage whose review has waited longer than its
   * check-in's timeout, counted from when the stage began to wait, is rejected by the system with the
   * suggestion TIMEOUT. Answers how many it rejected.
   */
  async expireStageReviews(now: Date): Promise<number> {
    let expired = 0;
    for (const paused of await this.builds.pausedStages()) {
      if (!isExpired(paused, now)) continue;
      try {
        if (await this.underLock(paused.buildId, paused.stageId, () => this.expire(paused.buildId, paused.stageId, now))) expired++;
      } catch (error) {
        this.logger.warn(`Could not end the timed-out review of stage ${paused.stageId} of build ${paused.buildId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return expired;
  }

  /**
   * A stage has begun to wait, or its review moved on to the next group (in the caller's transaction):
   * the group waiting is announced (REVIEW_WAITING), or, with nobody to review it, the system rejects the review.
   */
  async awaitReview(tx: OutboxTransaction, build: BuildHistoryEntity, stage: BuildStageEntity, check: StagePauseCheck, now: Date): Promise<boolean> {
    const group = groupToReview(check);
    if (hasReviewer(check)) {
      emitStageStatus(tx.emit, build, stage.stageId, 'REVIEW_WAITING', 'REVIEWING', now);
      return true;
    }
    const rejected = reviewed(check, { groupId: group?.id, operator: SYSTEM_REVIEWER, action: 'ABORT', suggest: NO_REVIEWER_SUGGEST, time: now.getTime() }) ?? { ...check, status: 'REVIEW_ABORT' };
    return this.reject(tx, build, stage, rejected, now);
  }

  private async expire(buildId: string, stageId: string, now: Date): Promise<boolean> {
    const build = await this.builds.buildById(buildId);
    const stage = await this.builds.stage(buildId, stageId);
    if (!build || !stage || stage.status !== 'PAUSE' || !stage.checkIn || !isExpired(stage, now)) return false;
    const group = groupToReview(stage.checkIn);
    const rejected = reviewed(stage.checkIn, { groupId: group?.id, operator: SYSTEM_REVIEWER, action: 'ABORT', suggest: 'TIMEOUT', time: now.getTime() }) ?? { ...stage.checkIn, status: 'REVIEW_ABORT' };
    return this.outbox.transaction((tx) => this.reject(tx, build, stage, rejected, now));
  }

  /** The decided check written: rejected, still waiting for the next group, or approved by all and started. */
  private async apply(tx: OutboxTransaction, build: BuildHistoryEntity, stage: BuildStageEntity, check: StagePauseCheck, now: Date): Promise<boolean> {
    if (check.status === 'REVIEW_ABORT') return this.reject(tx, build, stage, check, now);
    if (groupToReview(check)) {
      if (!(await this.builds.swapStageStatus(build.buildId, stage.stageId, 'PAUSE', 'PAUSE', { checkIn: check }, tx.manager))) return false;
      return this.awaitReview(tx, build, stage, check, now);
    }
    if (!(await this.builds.swapBuildStatus(build.buildId, 'STAGE_SUCCESS', 'RUNNING', {}, tx.manager))) return false;
    if (!(await this.builds.swapStageStatus(build.buildId, stage.stageId, 'PAUSE', 'QUEUE', { checkIn: check }, tx.manager))) throw stageChanged(stage);
    for (const [key, value] of Object.entries(reviewVariables(check))) {
      await this.builds.saveVar({ buildId: build.buildId, projectId: build.projectId, pipelineId: build.pipelineId, key, value, varType: null, readOnly: false }, tx.manager);
    }
    emitEvent(tx.emit, BUILD_STAGE, { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId, stageId: stage.stageId, actionType: 'START', executeCount: build.executeCount });
    return true;
  }

  /** BK-CI cancelStage: the build runs again only to end: the stage is STAGE_SUCCESS, and the build goes to its finally stage or its end. */
  private async reject(tx: OutboxTransaction, build: BuildHistoryEntity, stage: BuildStageEntity, check: StagePauseCheck, now: Date): Promise<boolean> {
    if (!(await this.builds.swapBuildStatus(build.buildId, 'STAGE_SUCCESS', 'RUNNING', {}, tx.manager))) return false;
    if (!(await this.builds.swapStageStatus(build.buildId, stage.stageId, 'PAUSE', 'STAGE_SUCCESS', { endTime: now, checkIn: check }, tx.manager))) throw stageChanged(stage);
    emitStageStatus(tx.emit, build, stage.stageId, 'FINISHED', 'STAGE_SUCCESS', now);
    await moveOn(this.builds, tx, build, stage, 'STAGE_SUCCESS');
    return true;
  }

  /** BK-CI stageManualStart's record of who approved each group: `stages.<stage>.check-in.flow.<n>.operator` and `.result` (the suggestion). */
  private async saveFlowVariables(tx: OutboxTransaction, build: BuildHistoryEntity, stage: BuildStageEntity, check: StagePauseCheck, operator: string, suggest: string): Promise<void> {
    const index = check.reviewGroups?.findIndex((group) => group.id === groupToReview(check)?.id) ?? 0;
    const prefix = `stages.${stage.stageIdForUser ?? `stage_${stage.seq}`}.check-in.flow.${index}`;
    for (const [key, value] of [
      [`${prefix}.operator`, operator],
      [`${prefix}.result`, suggest],
    ]) {
      await this.builds.saveVar({ buildId: build.buildId, projectId: build.projectId, pipelineId: build.pipelineId, key, value, varType: null, readOnly: true }, tx.manager);
    }
  }

  private underLock<T>(buildId: string, stageId: string, work: () => Promise<T>): Promise<T> {
    return this.locks.withLock(stageLockKey(buildId, stageId), work, { ttlMs: STAGE_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS });
  }
}

function isExpired(stage: BuildStageEntity, now: Date): boolean {
  if (!stage.checkIn || !stage.startTime) return false;
  return stage.startTime.getTime() + reviewTimeoutMs(stage.checkIn) <= now.getTime();
}

/** The stage's lock is held and the build was just swapped: a stage that changed anyway undoes the transaction. */
function stageChanged(stage: BuildStageEntity): Error {
  return new Error(`Stage ${stage.stageId} of build ${stage.buildId} changed under its lock`);
}
