import { CallMetricsRepository } from './call-metrics.repository';
import {
  addCall,
  ApiCallMetrics,
  Bucket,
  Buckets,
  emptyCounts,
  hourOf,
  minuteOf,
  pairOf,
  secondOf,
  summarize,
  WINDOW_HOURS,
  WINDOW_MINUTES,
} from './call-windows';

/** The embedded profile's counts: one gateway, so its memory is the whole truth (lost on restart, as BK-CI's metrics without ES). */
export class InProcessCallMetricsRepository extends CallMetricsRepository {
  private readonly minutes: Buckets = new Map();
  private readonly hours: Buckets = new Map();
  /** Calls in the latest second each pair was called in. */
  private readonly seconds = new Map<string, { second: number; calls: number }>();

  record(api: string, key: string, at: number): Promise<void> {
    const pair = pairOf(api, key);
    const second = secondOf(at);
    const latest = this.seconds.get(pair);
    const callsThisSecond = latest?.second === second ? latest.calls + 1 : 1;
    this.seconds.set(pair, { second, calls: callsThisSecond });
    addCall(this.countsOf(this.bucket(this.minutes, minuteOf(at), WINDOW_MINUTES.call1h), pair), callsThisSecond);
    addCall(this.countsOf(this.bucket(this.hours, hourOf(at), WINDOW_HOURS.call7d), pair), callsThisSecond);
    return Promise.resolve();
  }

  rows(now: number): Promise<ApiCallMetrics[]> {
    return Promise.resolve(summarize(now, this.minutes, this.hours));
  }

  /** The bucket at `index`; opening one drops those too old for any window of `kept` buckets. */
  private bucket(buckets: Buckets, index: number, kept: number): Bucket {
    let bucket = buckets.get(index);
    if (!bucket) {
      for (const old of buckets.keys()) if (old <= index - kept) buckets.delete(old);
      bucket = new Map();
      buckets.set(index, bucket);
    }
    return bucket;
  }

  private countsOf(bucket: Bucket, pair: string) {
    let counts = bucket.get(pair);
    if (!counts) {
      counts = emptyCounts();
      bucket.set(pair, counts);
    }
    return counts;
  }
}
