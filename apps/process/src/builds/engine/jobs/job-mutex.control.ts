import { Injectable } from '@nestjs/common';
import { LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import { isFinish, MutexGroup } from '@bkci/pipeline-model';
import { BuildRepository } from '../../build.repository';
import { BuildContainerEntity } from '../../entities/build-container.entity';
import { BuildHistoryEntity } from '../../entities/build-history.entity';
import { ENGINE_LOCK_WAIT_MS } from '../build-locks';
import { emitContainerEvent } from '../container-event';
import { JobStartCheck } from '../engine-extensions';
import { JobMutexHolderEntity } from './job-mutex-holder.entity';
import { JobMutexWaiterEntity } from './job-mutex-waiter.entity';
import { JobMutexRepository, MutexJob, MutexKey } from './job-mutex.repository';
import { mutexRefusal, RuntimeMutex, runtimeMutex } from './mutex-group';

const MUTEX_LOCK_TTL_MS = 30_000;

/** One change of a mutex's rows at a time, across replicas (BK-CI's mutex lives in Redis keys under `lock:container:mutex:`). */
export function mutexLockKey(key: MutexKey): string {
  return `lock:container:mutex:${key.projectId}:${key.mutexName}`;
}

const sameJob = (row: MutexJob, job: MutexJob) => row.buildId === job.buildId && row.containerId === job.containerId;
const jobName = (row: { jobId: string | null; containerId: string }) => row.jobId ?? `#${row.containerId}`;

/**
 * BK-CI CheckMutexContainerCmd and MutexControl: one job of a project at a time holds a mutex
 * name. A job that finds it held waits (LOOP_WAITING, saying who holds it) in the mutex's queue,
 * first come first served, and is sent a START when the holder lets go; with queueing off, the
 * queue full or a timeout of 0 it fails at once (BK-CI mutex_cancel: FAILED), and one that waits
 * longer than the group's timeout fails when the build monitor sweeps. The rows live in the
 * database, so a restart loses neither holder nor queue; a holder or waiter whose job has ended —
 * however it ended — is dropped whenever the mutex is looked at (BK-CI cleanMutex).
 */
@Injectable()
export class JobMutexControl implements JobStartCheck {
  constructor(
    private readonly builds: BuildRepository,
    private readonly mutexes: JobMutexRepository,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  async check(build: BuildHistoryEntity, job: BuildContainerEntity): Promise<'go' | 'hold'> {
    // BK-CI: a matrix group takes no mutex.
    const group = (job.conditions as { mutexGroup?: MutexGroup | null }).mutexGroup;
    if (job.matrixGroupFlag || !group?.enable) return 'go';
    const mutex = runtimeMutex(group, await this.builds.variables(build.buildId));
    if (!mutex) return 'go';
    // A waiting job keeps the name it queued under (BK-CI fixes runtimeMutexGroup at the first check).
    const key = { projectId: build.projectId, mutexName: (await this.mutexes.waiter(job))?.mutexName ?? mutex.name };
    return this.underLock(key, () => this.acquire(build, job, mutex, key));
  }

  /** A job (or, without `containerId`, every job of a build) ended: the mutexes it held or waited for move on. */
  async release(buildId: string, containerId?: string): Promise<void> {
    for (const key of await this.mutexes.mutexesOf(buildId, containerId)) await this.underLock(key, () => this.moveOn(key));
  }

  /**
   * For the build monitor: a job that waited longer than its group's timeout fails (BK-CI's queue
   * timeout), and every mutex somebody waits for is looked at again, so a wake-up lost with a
   * crashed replica is sent again.
   */
  async sweep(now: Date): Promise<void> {
    for (const waiter of await this.mutexes.timedOut(now)) {
      await this.underLock(waiter, async () => {
        const job = await this.builds.container(waiter.buildId, waiter.containerId);
        await this.outbox.transaction(async (tx) => {
          if (!(await this.mutexes.dequeue(waiter, tx.manager)) || !job || isFinish(job.status)) return;
          const reason = `mutex "${waiter.mutexName}": queue timeout, waited longer than ${waiter.timeoutMinutes} min`;
          emitContainerEvent(tx, job, 'TERMINATE', { status: 'FAILED', reason });
        });
      });
    }
    for (const key of await this.mutexes.awaited()) await this.underLock(key, () => this.moveOn(key));
  }

  private underLock<T>(key: MutexKey, work: () => Promise<T>): Promise<T> {
    return this.locks.withLock(mutexLockKey(key), work, { ttlMs: MUTEX_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS });
  }

  /** BK-CI acquireMutex: take it when free and nobody waits before this job, else wait in the queue or fail. */
  private async acquire(build: BuildHistoryEntity, job: BuildContainerEntity, mutex: RuntimeMutex, key: MutexKey): Promise<'go' | 'hold'> {
    const holder = await this.liveHolder(key);
    if (holder && sameJob(holder, job)) return 'go';
    const waiters = await this.liveWaiters(key);
    let place = waiters.findIndex((waiter) => sameJob(waiter, job));
    let waiting = waiters.length;
    const now = new Date();
    if (!holder && (place === 0 || waiting === 0)) {
      const row: JobMutexHolderEntity = { ...key, buildId: job.buildId, containerId: job.containerId, pipelineId: job.pipelineId, buildNum: build.buildNum, jobId: job.jobId, acquiredAt: now };
      const taken = await this.outbox.transaction(async ({ manager }) => {
        if (!(await this.mutexes.take(row, manager))) return false;
        await this.mutexes.dequeue(job, manager);
        return true;
      });
      if (taken) {
        await this.tellWaiters(key, row);
        return 'go';
      }
    }
    const current = holder ?? (await this.mutexes.holder(key));
    if (place < 0) {
      const refused = mutexRefusal(mutex, waiting);
      if (refused) {
        const held = current ? ` held by build #${current.buildNum} job ${jobName(current)}` : '';
        return this.fail(job, `mutex "${key.mutexName}"${held}: ${refused}`);
      }
      await this.mutexes.enqueue({ ...key, buildId: job.buildId, containerId: job.containerId, pipelineId: job.pipelineId, queuedAt: now, timeoutMinutes: mutex.timeoutMinutes, timeoutAt: new Date(now.getTime() + mutex.timeoutMinutes * 60_000) });
      place = waiting++;
    }
    await this.builds.swapContainerStatus(job.buildId, job.containerId, job.status, 'LOOP_WAITING', { statusReason: waitingReason(key, current, place, waiting) });
    await this.tellWaiters(key, current);
    return 'hold';
  }

  /** The job fails at once (BK-CI mutex_cancel); the container control ends it and its stage goes on. */
  private async fail(job: BuildContainerEntity, reason: string): Promise<'hold'> {
    await this.outbox.transaction(async (tx) => emitContainerEvent(tx, job, 'TERMINATE', { status: 'FAILED', reason }));
    return 'hold';
  }

  /** With the mutex free, the first job waiting for it is sent a START to take it. */
  private async moveOn(key: MutexKey): Promise<void> {
    const holder = await this.liveHolder(key);
    if (holder) return this.tellWaiters(key, holder);
    const [first] = await this.liveWaiters(key);
    const job = first ? await this.builds.container(first.buildId, first.containerId) : null;
    if (job) await this.outbox.transaction(async (tx) => emitContainerEvent(tx, job, 'START'));
  }

  /** The holder, unless its job has ended: then the mutex is let go (a missed release heals here). */
  private async liveHolder(key: MutexKey): Promise<JobMutexHolderEntity | null> {
    const holder = await this.mutexes.holder(key);
    if (!holder || !(await this.ended(holder))) return holder;
    await this.mutexes.letGo(key, holder);
    return null;
  }

  /** The waiters in order, those whose jobs have ended taken out of the queue. */
  private async liveWaiters(key: MutexKey): Promise<JobMutexWaiterEntity[]> {
    const live: JobMutexWaiterEntity[] = [];
    for (const waiter of await this.mutexes.waiters(key)) {
      if (await this.ended(waiter)) await this.mutexes.dequeue(waiter);
      else live.push(waiter);
    }
    return live;
  }

  private async ended(row: MutexJob): Promise<boolean> {
    const job = await this.builds.container(row.buildId, row.containerId);
    return !job || isFinish(job.status);
  }

  /** The jobs waiting are told who holds the mutex now and where they stand, when that changed. */
  private async tellWaiters(key: MutexKey, holder: JobMutexHolderEntity | null): Promise<void> {
    const waiters = await this.mutexes.waiters(key);
    for (const [place, waiter] of waiters.entries()) {
      const reason = waitingReason(key, holder, place, waiters.length);
      const job = await this.builds.container(waiter.buildId, waiter.containerId);
      if (job?.status === 'LOOP_WAITING' && job.statusReason !== reason) await this.builds.swapContainerStatus(job.buildId, job.containerId, 'LOOP_WAITING', 'LOOP_WAITING', { statusReason: reason });
    }
  }
}

function waitingReason(key: MutexKey, holder: JobMutexHolderEntity | null, place: number, waiting: number): string {
  const held = holder ? ` held by build #${holder.buildNum} job ${jobName(holder)}` : '';
  return `waiting for mutex "${key.mutexName}"${held} (${place + 1} of ${waiting} in the queue)`;
}
