import type Redis from 'ioredis';
import { LockService } from './lock.service';

// SET NX PX and the fence increment happen in one script, so no other holder can slip between.
const TAKE = `
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('incr', KEYS[2])
end
return 0`;
const EXTEND = `
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0`;
const RELEASE = `
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0`;

/** Locks in Redis: a key per lock holding its owner's token, with a TTL the owner keeps renewing. */
export class RedisLockService extends LockService {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {
    super();
  }

  protected async tryTake(key: string, token: string, ttlMs: number): Promise<number | null> {
    const fence = (await this.redis.eval(TAKE, 2, this.lockKey(key), this.fenceKey(key), token, ttlMs)) as number;
    return fence > 0 ? fence : null;
  }

  protected async extend(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.eval(EXTEND, 1, this.lockKey(key), token, ttlMs)) === 1;
  }

  protected async releaseIfOwner(key: string, token: string): Promise<boolean> {
    return (await this.redis.eval(RELEASE, 1, this.lockKey(key), token)) === 1;
  }

  async check(): Promise<void> {
    await this.redis.ping();
  }

  private lockKey(key: string): string {
    return `${this.keyPrefix}lock:${key}`;
  }

  private fenceKey(key: string): string {
    return `${this.keyPrefix}lock-fence:${key}`;
  }
}
