import { Injectable } from '@nestjs/common';
import { BUILD_CONTAINER, BUILD_STAGE, emitEvent, EventPayload } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { isFinish, isStartAction, StageControlOption, StagePauseCheck, TriggerContainer } from '@bkci/pipeline-model';
import { PipelineService } from '../../pipelines/pipeline.service';
import { ProjectGroupService } from '../../projects/project-group.service';
import { BuildRepository } from '../build.repository';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BuildStageEntity } from '../entities/build-stage.entity';
import { handOverSlots } from './build-finish.control';
import { ENGINE_LOCK_WAIT_MS, STAGE_LOCK_TTL_MS, stageLockKey } from './build-locks';
import { stageSkipped } from './run-conditions';
import { checkInToReview, hasReviewer, needsReview } from './stage-check-in';
import { moveOn } from './stage-move-on';
import { StageReviewControl } from './stage-review.control';
import { stageStatusOf } from './stage-status';
import { emitStageStatus } from './status-events';

type StageEvent = EventPayload<typeof BUILD_STAGE>;

/**
 * BK-CI StageControl, under the stage's lock. START: a stage its run condition skips is SKIP with
 * its jobs (CheckConditionalSkipStageCmd); a stage whose check-in asks for a review waits for it
 * (CheckPauseReviewStageCmd: see StageReviewControl); otherwise a queued stage becomes RUNNING and
 * each of its queued jobs gets a container event (a stage with nothing to run ends SKIP at once).
 * REFRESH (a job ended): once every job has finished, the stage takes its status and the build
 * moves on — to the next stage to run, to the finally stage after a failure, or to its end.
 */
@Injectable()
export class BuildStageControl {
  constructor(
    private readonly builds: BuildRepository,
    private readonly pipelines: PipelineService,
    private readonly projectGroups: ProjectGroupService,
    private readonly reviews: StageReviewControl,
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
    // A matrix's children are its matrix job's business (BK-CI listContainers(containsMatrix = false)): the stage counts the matrix job.
    const jobs = (await this.builds.stageContainers(build.buildId, stage.stageId)).filter((job) => job.matrixGroupId === null);
    const now = new Date();
    if (isStartAction(event.actionType)) {
      if (stage.status !== 'QUEUE') return;
      const runnable = jobs.filter((job) => job.status === 'QUEUE');
      const variables = Object.fromEntries((await this.builds.vars(build.buildId)).map((v) => [v.key, v.value]));
      if (stageSkipped(stage.conditions.stageControlOption as StageControlOption | null, variables)) {
        await this.outbox.transaction(async (tx) => {
          if (!(await this.builds.swapStageStatus(build.buildId, stage.stageId, 'QUEUE', 'SKIP', { startTime: now, endTime: now }, tx.manager))) return;
          for (const job of runnable) await this.builds.swapContainerStatus(build.buildId, job.containerId, 'QUEUE', 'SKIP', { startTime: now, endTime: now }, tx.manager);
          emitStageStatus(tx.emit, build, stage.stageId, 'FINISHED', 'SKIP', now);
          await moveOn(this.builds, tx, build, stage, 'SKIP');
        });
        return;
      }
      // The finally stage never waits for a review (BK-CI CheckPauseReviewStageCmd.canExecute).
      if (!stage.conditions.finally && needsReview(stage.checkIn)) return this.pause(build, stage, stage.checkIn, variables, now);
      // The last finished stage before this one (a stage whose review was rejected counts, as in BK-CI).
      const previousStageStatus = (await this.builds.stages(build.buildId)).filter((s) => s.seq < stage.seq && (isFinish(s.status) || s.status === 'STAGE_SUCCESS')).pop()?.status ?? null;
      await this.outbox.transaction(async (tx) => {
        if (!(await this.builds.swapStageStatus(build.buildId, stage.stageId, 'QUEUE', 'RUNNING', { startTime: now }, tx.manager))) return;
        emitStageStatus(tx.emit, build, stage.stageId, 'STARTED', 'RUNNING', now);
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

  /**
   * BK-CI pauseStage: the stage waits (PAUSE, its check-in REVIEWING with the reviewers' variables put
   * in) and the build with it (STAGE_SUCCESS). A paused build holds no running slot, so the pipeline's
   * queued builds may take it.
   */
  private async pause(build: BuildHistoryEntity, stage: BuildStageEntity, checkIn: StagePauseCheck, variables: Record<string, string>, now: Date): Promise<void> {
    const { model, setting } = await this.pipelines.getVersion(build.projectId, build.pipelineId, build.version);
    const buildNoType = (model.stages[0].containers[0] as TriggerContainer).buildNo?.buildNoType;
    const waiting = checkInToReview(checkIn, variables, await this.groupMembers(build.projectId, checkIn));
    await this.outbox.transaction(async (tx) => {
      if (!(await this.builds.swapBuildStatus(build.buildId, 'RUNNING', 'STAGE_SUCCESS', {}, tx.manager))) return;
      if (!(await this.builds.swapStageStatus(build.buildId, stage.stageId, 'QUEUE', 'PAUSE', { startTime: now, checkIn: waiting }, tx.manager))) {
        throw new Error(`Stage ${stage.stageId} of build ${build.buildId} changed under its lock`);
      }
      await this.reviews.awaitReview(tx, build, stage, waiting, now);
      if (hasReviewer(waiting)) await handOverSlots(this.builds, tx, build, setting, buildNoType);
    });
  }

  /** The members of the project's groups by group code and name, read only when a waiting review group names groups. */
  private async groupMembers(projectId: string, checkIn: StagePauseCheck): Promise<Record<string, string[]>> {
    if (!checkIn.reviewGroups?.some((group) => !group.status && (group.groups?.length ?? 0) > 0)) return {};
    const [groups, members] = await Promise.all([this.projectGroups.listGroups(projectId), this.projectGroups.listMembers(projectId)]);
    const byGroup: Record<string, string[]> = {};
    for (const group of groups) {
      const users = members.filter((member) => member.groups.some((g) => g.groupCode === group.groupCode)).map((member) => member.userId);
      byGroup[group.groupCode] = users;
      byGroup[group.groupName] = users;
    }
    return byGroup;
  }

  /** Ends a RUNNING stage and sends the build on: the next queued stage, the finally stage after a failure, or the end. */
  private async endStage(tx: OutboxTransaction, build: BuildHistoryEntity, stage: BuildStageEntity, status: BuildStageEntity['status'], now: Date): Promise<void> {
    if (!(await this.builds.swapStageStatus(build.buildId, stage.stageId, 'RUNNING', status, { endTime: now }, tx.manager))) return;
    emitStageStatus(tx.emit, build, stage.stageId, 'FINISHED', status, now);
    await moveOn(this.builds, tx, build, stage, status);
  }
}
