import { Injectable, Logger } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import type { ManualReviewParam, ManualReviewUserTaskElement } from '@bkci/pipeline-model';
import { BuildError, BuildErrorCode, buildNotFound } from '../build.errors';
import { BuildRepository } from '../build.repository';
import type { ManualReviewDto } from '../dto/manual-review.dto';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BuildTaskEntity } from '../entities/build-task.entity';
import { CONTAINER_LOCK_TTL_MS, containerLockKey, ENGINE_LOCK_WAIT_MS } from './build-locks';
import { emitContainerEvent } from './container-event';
import { EngineAtomRunner, fitReason } from './engine-extensions';
import { checkReviewParams, reviewOutputVariables, reviewParamVariables, stepTimeoutMinutes, TASK_TIMEOUT_ERROR_CODE, taskReviewers } from './manual-review';
import { substituteVariables } from './run-conditions';
import { emitStepStatus } from './status-events';

export const MANUAL_REVIEW_TASK_ATOM = 'manualReviewTaskAtom';
const MANUAL_REVIEW_TYPE = 'manualReviewUserTask';

/** BK-CI ReviewParam: what the review form shows (`toReview`). */
export interface ReviewInfo {
  projectId: string;
  pipelineId: string;
  buildId: string;
  reviewUsers: string[];
  status: null;
  desc: string;
  suggest: string;
  params: ManualReviewParam[];
  suggestRequired: boolean;
}

type ReviewElement = Partial<ManualReviewUserTaskElement> & { actualReviewUsers?: string[] | null };

/**
 * BK-CI ManualReviewTaskAtom and its review (buildManualReview → manualDealReview → tryFinish), under
 * the job's lock. The step waits REVIEWING for one of its reviewers (variables put in when it
 * starts, kept as BK-CI's `actualReviewUsers`); a reviewer approves it (SUCCEED) or rejects it
 * (REVIEW_ABORT, which fails the job), the params they give and the decision becoming build
 * variables either way, and the job is walked on. A review past the step's timeout ends EXEC_TIMEOUT.
 */
@Injectable()
export class ManualReviewAtom implements EngineAtomRunner {
  readonly atom = MANUAL_REVIEW_TASK_ATOM;
  private readonly logger = new Logger(ManualReviewAtom.name);

  constructor(
    private readonly builds: BuildRepository,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  async start(build: BuildHistoryEntity, _job: BuildContainerEntity, task: BuildTaskEntity): Promise<'continue' | 'wait'> {
    const element = task.taskParams as ReviewElement;
    const reviewers = taskReviewers({ reviewUsers: element.reviewUsers ?? [] }, await this.builds.variables(build.buildId));
    const now = new Date();
    return this.outbox.transaction(async ({ manager, emit }) => {
      if (reviewers.length === 0) {
        // BK-CI fails a review step whose reviewers come to nobody.
        const reason = 'the review has no reviewer (its reviewUsers are empty once variables are put in)';
        const change = { startTime: now, endTime: now, statusReason: reason, errorType: 'USER', errorMsg: reason };
        if (await this.builds.swapTaskStatus(build.buildId, task.taskId, task.status, 'FAILED', change, manager)) emitStepStatus(emit, build, task, 'FINISHED', 'FAILED', now);
        return 'continue';
      }
      const change = { startTime: now, statusReason: fitReason(`waiting for the review of ${reviewers.join(', ')}`), taskParams: { ...task.taskParams, actualReviewUsers: reviewers } };
      if (!(await this.builds.swapTaskStatus(build.buildId, task.taskId, task.status, 'REVIEWING', change, manager))) return 'continue';
      emitStepStatus(emit, build, task, 'STARTED', 'RUNNING', now);
      emitStepStatus(emit, build, task, 'REVIEW_WAITING', 'REVIEWING', now);
      return 'wait';
    });
  }

  /** BK-CI buildManualReview: one of the step's reviewers approves (PROCESS) or rejects (ABORT) it. */
  async review(caller: Caller, projectId: string, pipelineId: string, buildId: string, elementId: string, request: ManualReviewDto): Promise<void> {
    const build = await this.builds.build(projectId, pipelineId, buildId);
    if (!build) throw buildNotFound(pipelineId, buildId);
    const found = await this.reviewStep(buildId, elementId);
    await this.underLock(buildId, found.containerId, async () => {
      const task = await this.reviewStep(buildId, elementId);
      if (task.status !== 'REVIEWING') throw notReviewing(elementId, `it is ${task.status}`);
      const variables = await this.builds.variables(buildId);
      this.assertReviewer(caller, task, variables);
      const params = request.params ?? [];
      checkReviewParams(params);
      const suggest = request.suggest ?? '';
      const status = request.status === 'PROCESS' ? 'SUCCEED' : 'REVIEW_ABORT';
      const element = task.taskParams as ReviewElement;
      const values = { ...reviewParamVariables(params, variables), ...reviewOutputVariables(element.namespace, request.status, caller.userId, suggest) };
      const job = (await this.builds.container(buildId, task.containerId))!;
      const now = new Date();
      const done = await this.outbox.transaction(async (tx) => {
        const decided = request.status === 'PROCESS' ? `approved by ${caller.userId}` : `rejected by ${caller.userId}`;
        const change = {
          endTime: now,
          approver: caller.userId,
          statusReason: fitReason(suggest === '' ? decided : `${decided}: ${suggest}`),
          // BK-CI keeps the decision in the step's params (BS_MANUAL_ACTION…).
          taskParams: { ...task.taskParams, _bsManualAction_: request.status, _bsManualActionUserId_: caller.userId, _bsManualActionSuggest_: suggest, _bsManualActionParams_: params },
        };
        if (!(await this.builds.swapTaskStatus(buildId, task.taskId, 'REVIEWING', status, change, tx.manager))) return false;
        for (const [key, value] of Object.entries(values)) {
          await this.builds.saveVar({ buildId, projectId, pipelineId, key, value, varType: null, readOnly: false }, tx.manager);
        }
        emitStepStatus(tx.emit, build, task, 'FINISHED', status, now);
        emitContainerEvent(tx, job, 'REFRESH');
        return true;
      });
      if (!done) throw notReviewing(elementId, 'it changed while the review was written');
    });
  }

  /** BK-CI goToReview: the step's reviewers, description and params with the build's variables put in, for one of its reviewers. */
  async reviewInfo(caller: Caller, projectId: string, pipelineId: string, buildId: string, elementId: string): Promise<ReviewInfo> {
    if (!(await this.builds.build(projectId, pipelineId, buildId))) throw buildNotFound(pipelineId, buildId);
    const task = await this.reviewStep(buildId, elementId);
    const variables = await this.builds.variables(buildId);
    const reviewUsers = this.assertReviewer(caller, task, variables);
    const element = task.taskParams as ReviewElement;
    const params = (element.params ?? []).map((param) => {
      const flag = param.valueType === 'BOOLEAN' || param.valueType === 'CHECKBOX';
      return { ...param, value: flag ? (param.value ?? false) : substituteVariables(param.value === null || param.value === undefined ? '' : String(param.value), variables) };
    });
    const desc = substituteVariables(element.desc ?? '', variables);
    return { projectId, pipelineId, buildId, reviewUsers, status: null, desc, suggest: '', params, suggestRequired: element.suggestRequired === true };
  }

  /**
   * BK-CI IAtomTask.tryFinish's timeout for review steps (the monitor's sweep): a review waiting
   * longer than its step's timeout ends EXEC_TIMEOUT and its job is walked on. Answers how many ended.
   */
  async expireReviews(now: Date): Promise<number> {
    let expired = 0;
    for (const waiting of await this.builds.tasksInStatus(MANUAL_REVIEW_TYPE, 'REVIEWING')) {
      if (!isExpired(waiting, now)) continue;
      try {
        if (await this.underLock(waiting.buildId, waiting.containerId, () => this.expire(waiting.buildId, waiting.taskId, now))) expired++;
      } catch (error) {
        this.logger.warn(`Could not end the timed-out review step ${waiting.taskId} of build ${waiting.buildId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    return expired;
  }

  private async expire(buildId: string, taskId: string, now: Date): Promise<boolean> {
    const task = await this.builds.task(buildId, taskId);
    const build = await this.builds.buildById(buildId);
    if (!task || !build || task.status !== 'REVIEWING' || !isExpired(task, now)) return false;
    const job = (await this.builds.container(buildId, task.containerId))!;
    const message = `Task time out ${stepTimeoutMinutes(task.additionalOptions)} minutes`;
    return this.outbox.transaction(async (tx) => {
      const change = { endTime: now, statusReason: `no review in time: ${message}`, errorType: 'USER', errorCode: TASK_TIMEOUT_ERROR_CODE, errorMsg: message };
      if (!(await this.builds.swapTaskStatus(buildId, taskId, 'REVIEWING', 'EXEC_TIMEOUT', change, tx.manager))) return false;
      emitStepStatus(tx.emit, build, task, 'FINISHED', 'EXEC_TIMEOUT', now);
      emitContainerEvent(tx, job, 'REFRESH');
      return true;
    });
  }

  private async reviewStep(buildId: string, elementId: string): Promise<BuildTaskEntity> {
    const task = await this.builds.task(buildId, elementId);
    if (!task || task.taskType !== MANUAL_REVIEW_TYPE) throw notReviewing(elementId, 'the build has no manual review step of that id');
    return task;
  }

  /** BK-CI checkReviewUser: the reviewers the step started with (or, before it started, its reviewUsers with variables put in). */
  private assertReviewer(caller: Caller, task: BuildTaskEntity, variables: Record<string, string>): string[] {
    const element = task.taskParams as ReviewElement;
    const reviewers = element.actualReviewUsers ?? taskReviewers({ reviewUsers: element.reviewUsers ?? [] }, variables);
    if (!reviewers.includes(caller.userId)) throw new BuildError(BuildErrorCode.NOT_TASK_REVIEWER, `${caller.userId} is not a reviewer of step ${task.taskId} (${reviewers.join(', ')})`);
    return reviewers;
  }

  private underLock<T>(buildId: string, containerId: string, work: () => Promise<T>): Promise<T> {
    return this.locks.withLock(containerLockKey(buildId, containerId), work, { ttlMs: CONTAINER_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS });
  }
}

function isExpired(task: BuildTaskEntity, now: Date): boolean {
  return task.startTime !== null && task.startTime.getTime() + stepTimeoutMinutes(task.additionalOptions) * 60_000 <= now.getTime();
}

function notReviewing(elementId: string, why: string): BuildError {
  return new BuildError(BuildErrorCode.TASK_NOT_REVIEWING, `Step ${elementId} is not a manual review waiting for its review: ${why}`);
}
