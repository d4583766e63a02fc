import { Inject, Injectable, Logger } from '@nestjs/common';
import { LockService } from '@bkci/locking';
import { LOG_CONFIG, LogConfig } from '../log.config';
import { LogRetentionStore } from './log-retention.store';

/** One replica cleans at a time; the lock is renewed while it works. */
export const RETENTION_LOCK_KEY = 'log.retention.clean';
/** Lines removed per statement, so a huge log never holds one giant transaction. */
export const LINES_PER_DELETE = 5000;
/** Builds read per round of the clean-up. */
const BUILDS_PER_ROUND = 100;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface RetentionRun {
  /** False when another run held the lock: this one did nothing. */
  ran: boolean;
  cleanedBuilds: number;
  deletedLines: number;
}

/**
 * Removes the lines of builds older than BKCI_LOG_RETENTION_DAYS (BK-CI's DataCleanJob and index
 * clean-up), with their batches, statuses and sub-tags; the build's row stays, marked cleaned, so
 * reads answer CLEAN. A build is marked only once all its lines are gone, so a run stopped half-way
 * is finished by the next one.
 */
@Injectable()
export class LogRetentionService {
  private readonly logger = new Logger(LogRetentionService.name);

  constructor(
    private readonly store: LogRetentionStore,
    private readonly locks: LockService,
    @Inject(LOG_CONFIG.token) private readonly config: LogConfig,
  ) {}

  /** `now` is the clock: a test passes a day in the future instead of waiting for it. */
  async clean(now: Date = new Date()): Promise<RetentionRun> {
    const lock = await this.locks.tryAcquire(RETENTION_LOCK_KEY);
    if (!lock) return { ran: false, cleanedBuilds: 0, deletedLines: 0 };
    const run: RetentionRun = { ran: true, cleanedBuilds: 0, deletedLines: 0 };
    try {
      const before = new Date(now.getTime() - this.config.retentionDays * DAY_MS);
      for (;;) {
        const buildIds = await this.store.expiredBuilds(before, BUILDS_PER_ROUND);
        for (const buildId of buildIds) {
          // Another replica may hold the lock now: stop between statements.
          if (lock.lost) return run;
          run.deletedLines += await this.deleteLines(buildId, () => lock.lost);
          if (lock.lost) return run;
          await this.store.markCleaned(buildId, now);
          run.cleanedBuilds++;
        }
        if (buildIds.length < BUILDS_PER_ROUND) break;
      }
      if (run.cleanedBuilds > 0) this.logger.log(`Cleaned the logs of ${run.cleanedBuilds} build(s) older than ${this.config.retentionDays} days (${run.deletedLines} lines)`);
      return run;
    } finally {
      await lock.release();
    }
  }

  private async deleteLines(buildId: string, stop: () => boolean): Promise<number> {
    let deleted = 0;
    for (;;) {
      const count = await this.store.deleteLines(buildId, LINES_PER_DELETE);
      deleted += count;
      if (count < LINES_PER_DELETE || stop()) return deleted;
    }
  }
}
