import { Injectable } from '@nestjs/common';
import { DomainError } from '@bkci/core';
import { HeldLock, LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import type { LogBuildEntity } from '../entities/log-build.entity';
import { LogError, LogErrorCode } from '../log.errors';
import { LogWriteStore } from './log-write.store';

/**
 * The build a write is for. Build routes know all three ids (from the build's token); a service
 * names the build and, for a build with no log yet, may name its project and pipeline.
 */
export interface BuildRef {
  buildId: string;
  projectId: string | null;
  pipelineId: string | null;
}

/**
 * Renewed every third of it while held, so it only bounds how long a crashed holder blocks the
 * build's writers: short, because a killed replica's lock stays until it expires.
 */
const LOCK_TTL_MS = 10_000;
/** Writers of one build queue this long (past a dead holder's TTL); then 429, and the agent retries. */
const LOCK_WAIT_MS = 30_000;
const LOCK_OPTIONS = { ttlMs: LOCK_TTL_MS, waitMs: LOCK_WAIT_MS };
const lockKey = (buildId: string) => `log:build:${buildId}`;

/** A "come back later" answer (429 busy or overloaded, 503 a service down): the writer retries after Retry-After. */
export function asksToRetry(error: unknown): boolean {
  return error instanceof DomainError && (error.httpStatus === 429 || error.httpStatus === 503);
}

/**
 * Every write of a build's log (lines, statuses, modes) runs in one transaction under the build's
 * lock (Redis in the services profile, in-process in embedded), so writers of one build, in any
 * replica, take turns reading and moving its last line number.
 */
@Injectable()
export class BuildLocks {
  constructor(
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
    private readonly store: LogWriteStore,
  ) {}

  inTransaction<T>(buildId: string, work: (tx: OutboxTransaction) => Promise<T>): Promise<T> {
    return this.locks.withLock(lockKey(buildId), () => this.outbox.transaction(work), LOCK_OPTIONS);
  }

  /**
   * As inTransaction, but the lock is taken while `meanwhile` (work that needs no lock, such as a
   * call to another service) runs, and its result is handed to `work`.
   */
  async inTransactionAlongside<M, T>(buildId: string, meanwhile: Promise<M>, work: (tx: OutboxTransaction, result: M) => Promise<T>): Promise<T> {
    const [result, lock] = await Promise.allSettled([meanwhile, this.acquire(buildId)]);
    if (lock.status === 'rejected') throw lock.reason;
    try {
      if (result.status === 'rejected') throw result.reason;
      return await this.outbox.transaction((tx) => work(tx, result.value));
    } finally {
      await lock.value.release();
    }
  }

  private acquire(buildId: string): Promise<HeldLock> {
    return this.locks.acquire(lockKey(buildId), LOCK_OPTIONS);
  }

  /**
   * The build's log row; the first write of a build creates it (BK-CI creates its index record on
   * the first status or line). A build no one has written to and whose project is not known is 404.
   */
  async openBuild(build: BuildRef, manager: OutboxTransaction['manager']): Promise<LogBuildEntity> {
    const stored = await this.store.findBuild(build.buildId, manager);
    if (stored) return stored;
    if (build.projectId === null || build.pipelineId === null) {
      throw new LogError(LogErrorCode.BUILD_NOT_FOUND, `Build ${build.buildId} has no log yet; name its projectId and pipelineId to start one`);
    }
    return this.store.createBuild({ buildId: build.buildId, projectId: build.projectId, pipelineId: build.pipelineId }, manager);
  }
}
