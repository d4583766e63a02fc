import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { LockService } from '@bkci/locking';
import { BuildQueueMonitor } from './build-queue-monitor';
import { PipelineTimerScheduler } from '../timers/pipeline-timer.scheduler';

const TICK_MS = 2_000;
/** Short, as the outbox relay's: a replica that died mid-pass holds the others back for this long only. */
const LOCK_TTL_MS = 10_000;
const LOCK_KEY = 'lock:process:engine:ticker';

/**
 * The builds module's periodic work until the engine's monitor takes it on: queued builds past
 * their wait end QUEUE_TIMEOUT, and due pipeline timers fire. One replica at a time runs a pass
 * (a lock); passes never overlap within a replica.
 */
@Injectable()
export class EngineTicker implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(EngineTicker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    private readonly locks: LockService,
    private readonly queue: BuildQueueMonitor,
    private readonly timers: PipelineTimerScheduler,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => this.tick(), TICK_MS);
    this.timer.unref();
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  private tick(): void {
    if (this.running || !this.timer) return;
    this.running = this.pass()
      .catch((error: unknown) => this.logger.error(`engine tick failed: ${error instanceof Error ? error.stack : String(error)}`))
      .finally(() => (this.running = null));
  }

  private async pass(): Promise<void> {
    const lock = await this.locks.tryAcquire(LOCK_KEY, { ttlMs: LOCK_TTL_MS });
    if (!lock) return;
    try {
      const now = new Date();
      await this.queue.expireQueuedBuilds(now);
      await this.timers.fireDue(now);
    } finally {
      await lock.release();
    }
  }
}
