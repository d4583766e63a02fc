/**
 * The arithmetic both stores share. Calls are counted in buckets of a clock minute and of a clock
 * hour per (api, key); a window is the current bucket and the ones before it, so "the last 5 min"
 * is the current minute and the 4 before (between 4 and 5 minutes of calls; BK-CI's aggregation job
 * runs every 5 minutes and is as coarse).
 */

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
/** The windows of BK-CI's T_OPENAPI_METRICS_FOR_API, in buckets. */
export const WINDOW_MINUTES = { call5m: 5, call1h: 60 } as const;
export const WINDOW_HOURS = { call24h: 24, call7d: 168 } as const;
/** How long buckets are kept: a little past the longest window that reads them. */
export const MINUTE_BUCKET_TTL_SECONDS = 2 * 3600;
export const HOUR_BUCKET_TTL_SECONDS = 8 * 24 * 3600;
export const SECOND_BUCKET_TTL_SECONDS = 5;

/** What one bucket counts for one (api, key). */
export interface BucketCounts {
  calls: number;
  /** Seconds of the bucket with at least one call. */
  activeSeconds: number;
  /** The most calls in one second of the bucket. */
  peak: number;
}

/** One row of BK-CI's T_OPENAPI_METRICS_FOR_API. */
export interface ApiCallMetrics {
  api: string;
  key: string;
  /** Calls per second in the seconds that had calls, averaged over the last 5 minutes (BK-CI's meaning). */
  secondLevelConcurrency: number;
  /** The most calls in one second over the last 24 hours. */
  peakConcurrency: number;
  call5m: number;
  call1h: number;
  call24h: number;
  call7d: number;
}

/** A bucket's counts by pair (see pairOf). */
export type Bucket = Map<string, BucketCounts>;
/** Buckets by their index: minutes (or hours) since the epoch. */
export type Buckets = Map<number, Bucket>;

export const minuteOf = (ms: number): number => Math.floor(ms / MINUTE_MS);
export const hourOf = (ms: number): number => Math.floor(ms / HOUR_MS);
export const secondOf = (ms: number): number => Math.floor(ms / 1000);

/** The indices of the `size` buckets ending with `current`. */
export function window(current: number, size: number): number[] {
  return Array.from({ length: size }, (_, back) => current - back);
}

/** One string per (api, key), safe whatever either holds. */
export function pairOf(api: string, key: string): string {
  return JSON.stringify([api, key]);
}

export function parsePair(pair: string): { api: string; key: string } {
  const [api, key] = JSON.parse(pair) as [string, string];
  return { api, key };
}

/** Adds a call to a bucket; `callsThisSecond` counts it already, so 1 means the second's first call. */
export function addCall(counts: BucketCounts, callsThisSecond: number): void {
  counts.calls += 1;
  if (callsThisSecond === 1) counts.activeSeconds += 1;
  counts.peak = Math.max(counts.peak, callsThisSecond);
}

export function emptyCounts(): BucketCounts {
  return { calls: 0, activeSeconds: 0, peak: 0 };
}

/** The rows at `now` from minute and hour buckets, one per pair called in the last 7 days, sorted by api then key. */
export function summarize(now: number, minutes: Buckets, hours: Buckets): ApiCallMetrics[] {
  const rows = new Map<string, ApiCallMetrics & { activeSeconds5m: number }>();
  const rowOf = (pair: string) => {
    let row = rows.get(pair);
    if (!row) {
      row = { ...parsePair(pair), secondLevelConcurrency: 0, peakConcurrency: 0, call5m: 0, call1h: 0, call24h: 0, call7d: 0, activeSeconds5m: 0 };
      rows.set(pair, row);
    }
    return row;
  };
  const minute = minuteOf(now);
  for (const [back, index] of window(minute, WINDOW_MINUTES.call1h).entries()) {
    for (const [pair, counts] of minutes.get(index) ?? []) {
      const row = rowOf(pair);
      row.call1h += counts.calls;
      if (back < WINDOW_MINUTES.call5m) {
        row.call5m += counts.calls;
        row.activeSeconds5m += counts.activeSeconds;
      }
    }
  }
  for (const [back, index] of window(hourOf(now), WINDOW_HOURS.call7d).entries()) {
    for (const [pair, counts] of hours.get(index) ?? []) {
      const row = rowOf(pair);
      row.call7d += counts.calls;
      if (back < WINDOW_HOURS.call24h) {
        row.call24h += counts.calls;
        row.peakConcurrency = Math.max(row.peakConcurrency, counts.peak);
      }
    }
  }
  return [...rows.values()]
    .map(({ activeSeconds5m, ...row }) => ({ ...row, secondLevelConcurrency: activeSeconds5m === 0 ? 0 : Math.floor(row.call5m / activeSeconds5m) }))
    .sort((a, b) => a.api.localeCompare(b.api) || a.key.localeCompare(b.key));
}
