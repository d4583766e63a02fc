import type { ApiCallMetrics } from './call-windows';

/**
 * Where v4 calls are counted: Redis in the services profile, so every gateway replica counts into
 * the same buckets, and the gateway's memory in the embedded profile. Times are passed in, never read
 * here, so tests choose the clock.
 */
export abstract class CallMetricsRepository {
  /** Counts one call of `api` by `key` made at `at` (ms since the epoch). */
  abstract record(api: string, key: string, at: number): Promise<void>;

  /** One row per (api, key) called in the 7 days before `now`, sorted by api then key. */
  abstract rows(now: number): Promise<ApiCallMetrics[]>;
}
