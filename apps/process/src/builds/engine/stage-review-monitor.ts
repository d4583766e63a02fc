import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { LockService } from '@bkci/locking';
import { StageReviewControl } from './stage-review.control';

const LOCK_KEY = 'process:stage-review-monitor';
/** Review timeouts are whole hours: a minute late is well within them. */
const INTERVAL_MS = 60_000;

/**
 * The part of BK-CI's BuildMonitorControl that ends check-in reviews waiting past their timeout: every
 * minute, one replica at a time (the lock; the others skip that round) runs expireStageReviews.
 */
@Injectable()
export class StageReviewMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(StageReviewMonitor.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly reviews: StageReviewControl,
    private readonly locks: LockService,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.checkOnce().finally(() => (this.running = null));
    }, INTERVAL_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round; skipped when another replica holds the lock. */
  async checkOnce(): Promise<void> {
    const lock = await this.locks.tryAcquire(LOCK_KEY, { ttlMs: INTERVAL_MS }).catch((error: unknown) => {
      this.logger.warn(`Stage review timeouts not checked, the lock store failed: ${String(error)}`);
      return null;
    });
    if (!lock) return;
    try {
      const expired = await this.reviews.expireStageReviews(new Date());
      if (expired > 0) this.logger.log(`Rejected ${expired} stage review(s) that timed out`);
    } catch (error) {
      this.logger.warn(`Stage review timeouts check failed; retrying next round: ${String(error)}`);
    } finally {
      await lock.release();
    }
  }
}
