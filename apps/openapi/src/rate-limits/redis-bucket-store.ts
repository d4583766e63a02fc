import Redis from 'ioredis';
import { BucketStore } from './bucket-store';
import { BucketRule, describe, idleMs, Take } from './token-bucket';

/**
 * takeOne (token-bucket.ts) in one script, so concurrent takes from every replica see each other,
 * on Redis's clock, so replicas need not agree on the time. The bucket expires once it would be
 * full again. Returns [allowed, tokens left] (tokens as a string: Redis truncates Lua numbers).
 */
const TAKE = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local kept = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = burst
if kept[1] then
  tokens = math.min(burst, tonumber(kept[1]) + math.max(0, now - tonumber(kept[2])) / 1000 * rate)
end
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return {allowed, tostring(tokens)}`;

/** Past this, a take gives up on Redis and the request is limited in this process (FailOpenBucketStore). */
const REDIS_TIMEOUT_MS = 250;

/** The limiter's own connection: commands fail after a short timeout instead of waiting out an outage. */
export function connectRateLimitRedis(url: string): Redis {
  const redis = new Redis(url, { commandTimeout: REDIS_TIMEOUT_MS, maxRetriesPerRequest: 1 });
  // Connection errors show as failed takes; FailOpenBucketStore logs the switch once.
  redis.on('error', () => undefined);
  return redis;
}

type TakeCommand = (key: string, rate: number, burst: number, idleMs: number) => Promise<[number, string]>;

/** Buckets in Redis, shared by every gateway replica: one script call (EVALSHA) per take. */
export class RedisBucketStore implements BucketStore {
  private readonly takeCommand: TakeCommand;

  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    redis.defineCommand('bkciTakeToken', { numberOfKeys: 1, lua: TAKE });
    const command = (redis as unknown as Record<'bkciTakeToken', TakeCommand>).bkciTakeToken;
    this.takeCommand = command.bind(redis);
  }

  /** Whether the connection is up; while it is not, a take would only wait for it. */
  get ready(): boolean {
    return this.redis.status === 'ready';
  }

  state(): 'redis' {
    return 'redis';
  }

  async take(key: string, rule: BucketRule): Promise<Take> {
    const [allowed, tokens] = await this.takeCommand(`${this.keyPrefix}rate-limit:${key}`, rule.ratePerSecond, rule.burst, idleMs(rule) + 1000);
    return describe(rule, Number(tokens), allowed === 1);
  }
}
