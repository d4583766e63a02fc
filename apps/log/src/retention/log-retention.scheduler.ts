import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LogRetentionService } from './log-retention.service';

/** The first run waits for the app to settle; then once a day (each replica tries; the lock picks one). */
const FIRST_RUN_DELAY_MS = 5 * 60 * 1000;
const RUN_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Starts the daily log clean-up. */
@Injectable()
export class LogRetentionScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(LogRetentionScheduler.name);
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly retention: LogRetentionService) {}

  onApplicationBootstrap(): void {
    this.schedule(FIRST_RUN_DELAY_MS);
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => void this.run(), delayMs);
    this.timer.unref();
  }

  private async run(): Promise<void> {
    try {
      await this.retention.clean();
    } catch (error) {
      this.logger.error(`Log clean-up failed; retrying in a day: ${(error as Error).message}`);
    }
    if (this.timer) this.schedule(RUN_INTERVAL_MS);
  }
}
