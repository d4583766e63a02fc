import { Logger } from '@nestjs/common';
import { LockService } from '@bkci/locking';
import { DataSource, IsNull, LessThan } from 'typeorm';
import { DomainEvent } from '../bus/domain-event';
import { EventBus } from '../bus/event-bus';
import { OutboxEventEntity } from './outbox-event.entity';

const BATCH_SIZE = 100;
const POLL_INTERVAL_MS = 1000;
const KEEP_PUBLISHED_MS = 24 * 60 * 60 * 1000;
/**
 * The relay lock of an app that crashed mid-pass stays taken until it expires, and until then the
 * restarted app publishes nothing: keep it short. A live holder renews it (every third of it).
 */
const LOCK_TTL_MS = 5_000;

/**
 * Publishes stored events in the order they were written. It runs after every commit that
 * emitted events and on a timer, so events left behind by a crash go out once an app is up
 * again. A lock keeps replicas of one app from relaying the same rows at once; if two did,
 * consumers would still apply each event once, by its id.
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly bus: EventBus,
    private readonly locks: LockService,
    private readonly app: string,
  ) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.nudge(), POLL_INTERVAL_MS);
    this.timer.unref();
    this.nudge();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** Asks for a relay pass now; passes never overlap. */
  nudge(): void {
    if (!this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.relayUnderLock().finally(() => {
      this.running = null;
      if (this.again && this.timer) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Publishes everything pending, oldest first; stops at the first event the broker refuses. */
  private async relayPending(): Promise<void> {
    const repository = this.dataSource.getRepository(OutboxEventEntity);
    for (;;) {
      const rows = await repository.find({
        where: { publishedAt: IsNull() },
        order: { id: 'ASC' },
        take: BATCH_SIZE,
      });
      for (const row of rows) {
        try {
          await this.bus.publish(JSON.parse(row.body) as DomainEvent);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          await repository.update(row.id, { attempts: row.attempts + 1, lastError: message.slice(0, 512) });
          this.logger.warn(`Could not publish event ${row.id} (${row.type}), will retry: ${message}`);
          return;
        }
        await repository.update(row.id, { publishedAt: new Date(), attempts: row.attempts + 1, lastError: null });
      }
      if (rows.length < BATCH_SIZE) return;
    }
  }

  private async relayUnderLock(): Promise<void> {
    try {
      const lock = await this.locks.tryAcquire(`outbox-relay:${this.app}`, { ttlMs: LOCK_TTL_MS });
      if (!lock) return;
      try {
        await this.relayPending();
        await this.dataSource
          .getRepository(OutboxEventEntity)
          .delete({ publishedAt: LessThan(new Date(Date.now() - KEEP_PUBLISHED_MS)) });
      } finally {
        await lock.release();
      }
    } catch (error) {
      this.logger.warn(`Outbox relay pass failed, will retry: ${String(error)}`);
    }
  }
}
