import type Redis from 'ioredis';
import { CallMetricsRepository } from './call-metrics.repository';
import {
  ApiCallMetrics,
  Bucket,
  Buckets,
  emptyCounts,
  HOUR_BUCKET_TTL_SECONDS,
  hourOf,
  MINUTE_BUCKET_TTL_SECONDS,
  minuteOf,
  pairOf,
  SECOND_BUCKET_TTL_SECONDS,
  secondOf,
  summarize,
  window,
  WINDOW_HOURS,
  WINDOW_MINUTES,
} from './call-windows';

/**
 * One call in one round trip: the second's count for the pair, then the minute's and the hour's
 * calls (`c`), active seconds (`a`, when this is the second's first call) and peak second (`p`),
 * each hash field being the kind letter followed by the pair. The same steps as addCall.
 */
const RECORD = `
local n = redis.call('hincrby', KEYS[1], ARGV[1], 1)
redis.call('expire', KEYS[1], ARGV[2])
for i = 2, 3 do
  redis.call('hincrby', KEYS[i], 'c' .. ARGV[1], 1)
  if n == 1 then redis.call('hincrby', KEYS[i], 'a' .. ARGV[1], 1) end
  if n > tonumber(redis.call('hget', KEYS[i], 'p' .. ARGV[1]) or '0') then redis.call('hset', KEYS[i], 'p' .. ARGV[1], n) end
  redis.call('expire', KEYS[i], ARGV[i + 1])
end
return n`;

const FIELDS = { c: 'calls', a: 'activeSeconds', p: 'peak' } as const;

/** The services profile's counts: hashes per second, minute and hour in Redis, shared by every gateway replica, expiring on their own. */
export class RedisCallMetricsRepository extends CallMetricsRepository {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    super();
  }

  async record(api: string, key: string, at: number): Promise<void> {
    await this.redis.eval(
      RECORD,
      3,
      this.key('s', secondOf(at)),
      this.key('m', minuteOf(at)),
      this.key('h', hourOf(at)),
      pairOf(api, key),
      SECOND_BUCKET_TTL_SECONDS,
      MINUTE_BUCKET_TTL_SECONDS,
      HOUR_BUCKET_TTL_SECONDS,
    );
  }

  async rows(now: number): Promise<ApiCallMetrics[]> {
    const minutes = window(minuteOf(now), WINDOW_MINUTES.call1h);
    const hours = window(hourOf(now), WINDOW_HOURS.call7d);
    const pipeline = this.redis.pipeline();
    for (const minute of minutes) pipeline.hgetall(this.key('m', minute));
    for (const hour of hours) pipeline.hgetall(this.key('h', hour));
    const answers = (await pipeline.exec()) ?? [];
    const hashes = answers.map(([error, hash]) => {
      if (error) throw error;
      return hash as Record<string, string>;
    });
    return summarize(now, bucketsOf(minutes, hashes.slice(0, minutes.length)), bucketsOf(hours, hashes.slice(minutes.length)));
  }

  private key(size: 's' | 'm' | 'h', index: number): string {
    return `${this.keyPrefix}openapi:call-metrics:${size}:${index}`;
  }
}

/** Buckets from the hashes read for `indices`, in the same order. */
function bucketsOf(indices: number[], hashes: Record<string, string>[]): Buckets {
  const buckets: Buckets = new Map();
  indices.forEach((index, at) => {
    const bucket: Bucket = new Map();
    for (const [field, value] of Object.entries(hashes[at])) {
      const kind = field[0] as keyof typeof FIELDS;
      const pair = field.slice(1);
      const counts = bucket.get(pair) ?? emptyCounts();
      counts[FIELDS[kind]] = Number(value);
      bucket.set(pair, counts);
    }
    buckets.set(index, bucket);
  });
  return buckets;
}
