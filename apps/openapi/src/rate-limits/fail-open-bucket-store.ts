import { Logger } from '@nestjs/common';
import { BucketStore } from './bucket-store';
import { InProcessBucketStore } from './in-process-bucket-store';
import { RedisBucketStore } from './redis-bucket-store';
import { BucketRule, Take } from './token-bucket';

/** While Redis is unreachable, one take a second tries it again; the others go straight to the local buckets. */
const RETRY_EVERY_MS = 1000;

/**
 * Redis buckets that fail open: when Redis errors or does not answer in time (the client's command
 * timeout), requests are still served, limited by buckets in this process, until Redis answers
 * again. Each switch is logged once, and `state` says which side is in use (the gateway's health).
 */
export class FailOpenBucketStore implements BucketStore {
  private readonly logger = new Logger('RateLimits');
  private retryAt = 0;
  private degraded = false;

  constructor(
    private readonly shared: RedisBucketStore,
    private readonly local: InProcessBucketStore,
    private readonly now: () => number = () => performance.now(),
  ) {}

  state(): 'redis' | 'degraded' {
    return this.degraded ? 'degraded' : 'redis';
  }

  async take(key: string, rule: BucketRule): Promise<Take> {
    if (this.degraded && (!this.shared.ready || this.now() < this.retryAt)) return this.local.take(key, rule);
    try {
      const take = await this.shared.take(key, rule);
      if (this.degraded) {
        this.degraded = false;
        this.logger.log('Redis answers again: rate limits are shared by the gateway replicas again');
      }
      return take;
    } catch (error) {
      this.retryAt = this.now() + RETRY_EVERY_MS;
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn(`Redis is unreachable (${(error as Error).message}): rate limits are kept in this process until it answers`);
      }
      return this.local.take(key, rule);
    }
  }
}
