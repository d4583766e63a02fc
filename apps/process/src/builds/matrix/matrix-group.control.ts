import { Injectable } from '@nestjs/common';
import { BUILD_CONTAINER, BUILD_STAGE, emitEvent, EventPayload, JOB_STATUS_CHANGED } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { BuildStatus, isCancel, isFailure, isFinish, isRunning, JobControlOption, MatrixControlOption } from '@bkci/pipeline-model';
import { BuildRepository } from '../build.repository';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { CONTAINER_LOCK_TTL_MS, containerLockKey, ENGINE_LOCK_WAIT_MS } from '../engine/build-locks';
import { emitContainerEvent } from '../engine/container-event';
import { emitJobStatus } from '../engine/status-events';
import { matrixMaxConcurrency } from './matrix-config';
import { MatrixRepository } from './matrix.repository';

/** The stage status maker's failure statuses kept as they are (BK-CI StageBuildStatusMaker.forceFinish); other failures count as FAILED. */
const KEPT_FAILURES: ReadonlySet<BuildStatus> = new Set(['FAILED', 'TERMINATE', 'QUEUE_TIMEOUT']);

/** Where a matrix's children are (BK-CI MatrixExecuteContainerCmd.judgeGroupContainers). */
export interface MatrixProgress {
  total: number;
  finished: number;
  /** Children started and not finished (BK-CI isRunning). */
  running: number;
  /** Children failed (not continue-on-error): a fast-kill matrix stops the others. */
  failed: number;
  /** Children not started yet, in seq order. */
  waiting: BuildContainerEntity[];
  /** The matrix job's status once every child has finished (BK-CI: a failure, else a cancel, else SUCCEED), null before. */
  outcome: BuildStatus | null;
}

/** BK-CI judgeGroupContainers' counting, as the stage counts its jobs. */
export function matrixProgress(children: BuildContainerEntity[]): MatrixProgress {
  const progress: MatrixProgress = { total: children.length, finished: 0, running: 0, failed: 0, waiting: [], outcome: null };
  let fail: BuildStatus | null = null;
  let cancel: BuildStatus | null = null;
  for (const child of children) {
    if (isFinish(child.status)) progress.finished++;
    if (isCancel(child.status)) {
      cancel = 'CANCELED';
    } else if (isFailure(child.status) && !continuesWhenFailed(child)) {
      progress.failed++;
      fail = KEPT_FAILURES.has(child.status) ? child.status : 'FAILED';
    } else if (isRunning(child.status)) {
      progress.running++;
    } else if (!isFinish(child.status)) {
      progress.waiting.push(child);
    }
  }
  if (progress.running === 0 && progress.waiting.length === 0) progress.outcome = fail ?? cancel ?? 'SUCCEED';
  return progress;
}

function continuesWhenFailed(child: BuildContainerEntity): boolean {
  return (child.conditions as { jobControlOption?: JobControlOption | null }).jobControlOption?.continueWhenFailed === true;
}

/**
 * BK-CI MatrixExecuteContainerCmd, under the matrix job's lock: woken when the matrix expands and
 * each time one of its children finishes (matrix.consumer.ts), it starts waiting children while
 * fewer than `maxConcurrency` run; after a child failed in a fast-kill matrix it ends the others
 * instead (TERMINATE as CANCELED: the running ones' steps are killed, the waiting ones never run);
 * once all have finished the matrix job takes their aggregate status and its stage is refreshed.
 * Until then the matrix job is RUNNING with "matrix: n of m done" (and no start time: it never
 * walks steps of its own). A matrix job ended from outside (a TERMINATE) takes its children with it.
 */
@Injectable()
export class MatrixGroupControl {
  constructor(
    private readonly builds: BuildRepository,
    private readonly matrices: MatrixRepository,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  /** A job finished: a matrix child wakes its matrix job; a matrix job that ended takes its unfinished children with it. */
  async jobFinished(event: EventPayload<typeof JOB_STATUS_CHANGED>): Promise<void> {
    if (event.phase !== 'FINISHED') return;
    const job = await this.builds.container(event.buildId, event.containerId);
    if (job?.matrixGroupId) await this.handle(event.buildId, job.matrixGroupId);
    else if (job?.matrixGroupFlag) await this.handle(event.buildId, job.containerId);
  }

  private async handle(buildId: string, matrixGroupId: string): Promise<void> {
    await this.locks.withLock(containerLockKey(buildId, matrixGroupId), () => this.refreshUnlocked(buildId, matrixGroupId), { ttlMs: CONTAINER_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS });
  }

  /** The same, for a caller that holds the matrix job's lock (its start check). */
  async refreshUnlocked(buildId: string, matrixGroupId: string): Promise<void> {
    const build = await this.builds.buildById(buildId);
    const parent = await this.builds.container(buildId, matrixGroupId);
    if (!build || !parent?.matrixGroupFlag || build.status !== 'RUNNING') return;
    const children = await this.matrices.children(buildId, matrixGroupId);
    const progress = matrixProgress(children);
    const option = (parent.conditions as { matrixControlOption?: MatrixControlOption | null }).matrixControlOption ?? {};
    const now = new Date();
    await this.outbox.transaction(async (tx) => {
      if (isFinish(parent.status)) {
        for (const child of children.filter((c) => !isFinish(c.status))) emitContainerEvent(tx, child, 'TERMINATE', { status: 'CANCELED', reason: `cancelled: its matrix job ended ${parent.status}` });
        return;
      }
      if (parent.status !== 'RUNNING') return;
      const reason = `matrix: ${progress.finished} of ${progress.total} done`;
      if (progress.outcome) {
        const startTime = children.map((c) => c.startTime).filter((t): t is Date => t !== null).sort((a, b) => a.getTime() - b.getTime())[0] ?? now;
        if (!(await this.builds.swapContainerStatus(buildId, matrixGroupId, 'RUNNING', progress.outcome, { startTime, endTime: now, statusReason: reason }, tx.manager))) return;
        emitJobStatus(tx.emit, build, parent, 'FINISHED', progress.outcome, now);
        refreshStage(tx, build, parent);
        return;
      }
      if (parent.statusReason !== reason) await this.builds.swapContainerStatus(buildId, matrixGroupId, 'RUNNING', 'RUNNING', { statusReason: reason }, tx.manager);
      if (progress.failed > 0 && option.fastKill === true) {
        const failed = children.find((c) => isFailure(c.status) && !continuesWhenFailed(c));
        const why = `cancelled: job ${failed?.jobId ?? failed?.containerId} of the matrix failed (fast-kill)`;
        for (const child of children.filter((c) => !isFinish(c.status))) emitContainerEvent(tx, child, 'TERMINATE', { status: 'CANCELED', reason: why });
        return;
      }
      // Waiting children whose START is still on its way are first in line, so they are sent again rather than more started.
      const free = Math.max(0, matrixMaxConcurrency(option) - progress.running);
      for (const child of progress.waiting.slice(0, free)) startChild(tx, build, child);
    });
  }
}

function startChild(tx: OutboxTransaction, build: BuildHistoryEntity, child: BuildContainerEntity): void {
  emitEvent(tx.emit, BUILD_CONTAINER, {
    projectId: build.projectId,
    pipelineId: build.pipelineId,
    buildId: build.buildId,
    stageId: child.stageId,
    containerId: child.containerId,
    containerHashId: child.containerHashId,
    containerType: child.containerType,
    actionType: 'START',
    executeCount: build.executeCount,
    // BK-CI sends a matrix child's START without the previous stage's status.
    previousStageStatus: null,
  });
}

function refreshStage(tx: OutboxTransaction, build: BuildHistoryEntity, job: BuildContainerEntity): void {
  emitEvent(tx.emit, BUILD_STAGE, { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId, stageId: job.stageId, actionType: 'REFRESH', executeCount: build.executeCount });
}
