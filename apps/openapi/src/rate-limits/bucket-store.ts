import { BucketRule, Take } from './token-bucket';

/** Where buckets live: in Redis (shared by every gateway replica) or in this process. */
export interface BucketStore {
  /** Takes one request from the bucket `key`, created full by `rule` when absent or forgotten. */
  take(key: string, rule: BucketRule): Promise<Take>;
  /** Where the buckets are for the gateway's health: `redis`, `degraded` (Redis unreachable, kept in this process) or `in-process`. */
  state(): 'redis' | 'degraded' | 'in-process';
}
