import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { HeldLock, LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import { BuildStatus, JobControlOption } from '@bkci/pipeline-model';
import { BuildRepository } from '../build.repository';
import { BuildTokensClient } from '../build-tokens.client';
import { DispatchRepository } from '../dispatch/dispatch.repository';
import { JobDispatcher } from '../dispatch/job-dispatcher';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { PipelineTimerScheduler } from '../timers/pipeline-timer.scheduler';
import { BuildQueueMonitor } from './build-queue-monitor';
import { emitContainerEvent } from './container-event';
import { JobMutexControl } from './jobs/job-mutex.control';
import { ManualReviewAtom } from './manual-review.atom';
import { StageReviewControl } from './stage-review.control';

const LOCK_KEY = 'lock:build:monitor';
/** How often the monitor looks (BK-CI's heartbeat check runs every 120 s; ours every 2 s, which is also how late a timer may fire). */
export const MONITOR_INTERVAL_MS = 2_000;
/** A worker silent this long has lost its agent (BK-CI waits 10 min). Workers beat every 2 s. */
export const WORKER_SILENT_MS = 30_000;
/** How often a job waiting for an agent asks again which agents may take it (one imported since). */
export const QUEUED_JOB_REFRESH_MS = 10_000;
/** BK-CI's default job timeout in minutes. */
const DEFAULT_JOB_TIMEOUT_MINUTES = 900;

/**
 * The engine's periodic work as one sweep (BK-CI BuildMonitorControl, HeartbeatControl and the
 * timer job): a job whose worker went silent ends HEARTBEAT_TIMEOUT (and its agent slot and token
 * are let go), a job no agent took in its queue time ends QUEUE_TIMEOUT, a job past its timeout ends
 * EXEC_TIMEOUT (each a TERMINATE event through the outbox, which the job's control acts on), and a
 * job waiting for an agent takes in the agents imported since it was queued. Queued builds past
 * their wait end QUEUE_TIMEOUT, check-in reviews past theirs are rejected, manual review steps past
 * their step's timeout end EXEC_TIMEOUT (ManualReviewAtom), jobs that waited for a mutex longer than
 * its group allows fail (JobMutexControl), and due pipeline timers fire. One replica sweeps at a
 * time (the lock); each part failing leaves the others to run. A restarted app waits one silence
 * period before judging workers, as heartbeats sent while it was down were lost.
 */
@Injectable()
export class BuildMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BuildMonitor.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private readonly startedAt = Date.now();
  private queuedRefreshedAt = 0;

  constructor(
    private readonly builds: BuildRepository,
    private readonly dispatches: DispatchRepository,
    private readonly tokens: BuildTokensClient,
    private readonly queuedBuilds: BuildQueueMonitor,
    private readonly stageReviews: StageReviewControl,
    private readonly timers: PipelineTimerScheduler,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
    private readonly manualReviews: ManualReviewAtom,
    private readonly mutexes: JobMutexControl,
    private readonly dispatcher: JobDispatcher,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.sweepOnce().finally(() => (this.running = null));
    }, MONITOR_INTERVAL_MS);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  async sweepOnce(now = new Date()): Promise<void> {
    const lock = await this.locks.tryAcquire(LOCK_KEY, { ttlMs: MONITOR_INTERVAL_MS * 4 }).catch((error: unknown) => {
      this.logger.warn(`Build monitor skipped a round, the lock store failed: ${String(error)}`);
      return null;
    });
    if (!lock) return;
    const parts: Array<[string, () => Promise<unknown>]> = [
      ['silent workers', () => (now.getTime() - this.startedAt >= WORKER_SILENT_MS ? this.silentWorkers(now, lock) : Promise.resolve())],
      ['job queue timeouts', () => this.queueTimeouts(now, lock)],
      ['jobs waiting for agents', () => this.refreshQueuedJobs(now, lock)],
      ['job timeouts', () => this.jobTimeouts(now, lock)],
      ['build queue timeouts', () => this.queuedBuilds.expireQueuedBuilds(now)],
      ['stage review timeouts', () => this.stageReviews.expireStageReviews(now)],
      ['manual review timeouts', () => this.manualReviews.expireReviews(now)],
      ['job mutex queues', () => this.mutexes.sweep(now)],
      ['pipeline timers', () => this.timers.fireDue(now)],
    ];
    try {
      for (const [name, part] of parts) {
        if (lock.lost) return;
        await part().catch((error: unknown) => this.logger.warn(`Build monitor: ${name} failed; retried next round: ${String(error)}`));
      }
    } finally {
      await lock.release();
    }
  }

  private async silentWorkers(now: Date, lock: HeldLock): Promise<void> {
    for (const dispatch of await this.dispatches.silentSince(new Date(now.getTime() - WORKER_SILENT_MS))) {
      if (lock.lost) return;
      const job = await this.builds.container(dispatch.buildId, dispatch.vmSeqId);
      const seconds = Math.round((now.getTime() - (dispatch.lastHeartbeatAt ?? dispatch.queuedAt).getTime()) / 1000);
      await this.outbox.transaction(async (tx) => {
        if (!(await this.dispatches.finish(dispatch.buildId, dispatch.vmSeqId, now, tx.manager))) return;
        if (job) emitContainerEvent(tx, job, 'TERMINATE', { status: 'HEARTBEAT_TIMEOUT', reason: `agent ${dispatch.agentId} went silent: no heartbeat for ${seconds} s` });
      });
      await this.tokens.revokeJobToken(dispatch.projectId, dispatch.buildId, dispatch.vmSeqId).catch(() => undefined);
    }
  }

  private async queueTimeouts(now: Date, lock: HeldLock): Promise<void> {
    for (const dispatch of await this.dispatches.queueTimedOut(now)) {
      if (lock.lost) return;
      const job = await this.builds.container(dispatch.buildId, dispatch.vmSeqId);
      const minutes = Math.round((dispatch.queueTimeoutAt.getTime() - dispatch.queuedAt.getTime()) / 60_000);
      if (job) await this.terminate(job, 'QUEUE_TIMEOUT', `no agent took the job within ${minutes} min${job.statusReason ? ` (${job.statusReason})` : ''}`);
    }
  }

  /** Every QUEUED_JOB_REFRESH_MS, each job waiting for an agent takes in the agents that may take it now. */
  private async refreshQueuedJobs(now: Date, lock: HeldLock): Promise<void> {
    if (now.getTime() - this.queuedRefreshedAt < QUEUED_JOB_REFRESH_MS) return;
    this.queuedRefreshedAt = now.getTime();
    for (const dispatch of await this.dispatches.queued()) {
      if (lock.lost) return;
      await this.dispatcher.refresh(dispatch);
    }
  }

  private async jobTimeouts(now: Date, lock: HeldLock): Promise<void> {
    for (const job of await this.builds.unfinishedJobs()) {
      if (lock.lost) return;
      const option = (job.conditions as { jobControlOption?: JobControlOption | null }).jobControlOption;
      const minutes = option?.timeout && option.timeout > 0 ? option.timeout : DEFAULT_JOB_TIMEOUT_MINUTES;
      if (job.startTime && now.getTime() - job.startTime.getTime() > minutes * 60_000) await this.terminate(job, 'EXEC_TIMEOUT', `the job ran longer than its timeout of ${minutes} min`);
    }
  }

  private async terminate(job: BuildContainerEntity, status: BuildStatus, reason: string): Promise<void> {
    await this.outbox.transaction(async (tx) => emitContainerEvent(tx, job, 'TERMINATE', { status, reason }));
  }
}
