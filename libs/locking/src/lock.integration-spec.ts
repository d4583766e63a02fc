import { randomBytes, randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { TEST_PROFILE } from '@bkci/testing';
import { InProcessLockService } from './in-process-lock.service';
import { LockBusyError } from './lock-busy.error';
import { HeldLock, LockService } from './lock.service';
import { RedisLockService } from './redis-lock.service';

/**
 * The lock port's contract, run against the profile's adapter: the in-process one (embedded) or
 * Redis (services, a real server under a key prefix unique to this run).
 */
const REDIS_URL = process.env.BKCI_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `test:${randomBytes(4).toString('hex')}:`;
const clients: Redis[] = [];
const services: LockService[] = [];

/** A fresh service on the profile's store; Redis services each get their own connection. */
function newService(): LockService {
  let service: LockService;
  if (TEST_PROFILE === 'services') {
    const client = new Redis(REDIS_URL, { maxRetriesPerRequest: 3 });
    clients.push(client);
    service = new RedisLockService(client, prefix);
  } else {
    service = new InProcessLockService();
  }
  services.push(service);
  return service;
}

const uniqueKey = (name: string) => `${name}-${randomBytes(4).toString('hex')}`;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let locks: LockService;
let other: LockService;

beforeAll(async () => {
  locks = newService();
  other = newService();
  await locks.check();
  await other.check();
});

afterEach(async () => {
  await Promise.all(services.map((s) => s.releaseAll()));
});

afterAll(async () => {
  if (clients.length > 0) {
    const keys = await clients[0].keys(`${prefix}*`);
    if (keys.length > 0) await clients[0].del(...keys);
  }
  await Promise.all(clients.map((c) => c.quit()));
});

describe(`LockService (${TEST_PROFILE} profile)`, () => {
  it('uses the adapter of the profile', () => {
    expect(locks).toBeInstanceOf(TEST_PROFILE === 'services' ? RedisLockService : InProcessLockService);
  });

  it('excludes a second holder while the first holds the lock', async () => {
    const key = uniqueKey('exclusive');
    const first = await locks.tryAcquire(key, { ttlMs: 500 });
    expect(first).not.toBeNull();
    expect(first!.key).toBe(key);

    expect(await other.tryAcquire(key, { ttlMs: 500 })).toBeNull();
    expect(await locks.tryAcquire(key, { ttlMs: 500 })).toBeNull(); // the same service is no exception

    const started = Date.now();
    const waiting = other.acquire(key, { ttlMs: 500, waitMs: 300 });
    await expect(waiting).rejects.toBeInstanceOf(LockBusyError);
    await expect(waiting).rejects.toMatchObject({ key });
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(280);
    expect(waited).toBeLessThan(1000);

    // Another key is unaffected, and the key is free again once released.
    expect(await other.tryAcquire(uniqueKey('unrelated'), { ttlMs: 500 })).not.toBeNull();
    expect(await first!.release()).toBe(true);
    expect(await other.tryAcquire(key, { ttlMs: 500 })).not.toBeNull();
  });

  it('hands out strictly increasing fences across successive acquisitions', async () => {
    const key = uniqueKey('fence');
    const fences: number[] = [];
    for (let i = 0; i < 6; i++) {
      const service = i % 2 === 0 ? locks : other;
      const lock = await service.acquire(key, { ttlMs: 500, waitMs: 1000 });
      fences.push(lock.fence);
      expect(await lock.release()).toBe(true);
    }
    for (let i = 1; i < fences.length; i++) expect(fences[i]).toBeGreaterThan(fences[i - 1]);
    expect(fences.every(Number.isInteger)).toBe(true);

    // Fences are counted per key: a fresh key starts at 1.
    const fresh = await locks.tryAcquire(uniqueKey('fence-fresh'), { ttlMs: 500 });
    expect(fresh!.fence).toBe(1);
  });

  it('keeps a lock held longer than its TTL by renewing it', async () => {
    const key = uniqueKey('renewed');
    const lock = await locks.tryAcquire(key, { ttlMs: 300 });
    expect(lock).not.toBeNull();

    const until = Date.now() + 1200;
    let probes = 0;
    while (Date.now() < until) {
      expect(await other.tryAcquire(key, { ttlMs: 300 })).toBeNull();
      expect(lock!.lost).toBe(false);
      probes++;
      await sleep(50);
    }
    expect(probes).toBeGreaterThan(10);

    expect(await lock!.release()).toBe(true);
    expect(await other.tryAcquire(key, { ttlMs: 300 })).not.toBeNull();
  });

  it('refuses release by a token that does not own the lock, and frees it for the owner', async () => {
    const key = uniqueKey('owner');
    const lock = (await locks.tryAcquire(key, { ttlMs: 500 }))!;

    expect(await other.release(key, randomUUID())).toBe(false);
    expect(await locks.release(key, randomUUID())).toBe(false);
    expect(await locks.release(uniqueKey('absent'), lock.token)).toBe(false); // the token is per key
    expect(await other.tryAcquire(key, { ttlMs: 500 })).toBeNull();
    expect(lock.lost).toBe(false);

    expect(await lock.release()).toBe(true);
    expect(await lock.release()).toBe(false); // only once
    const next = await other.tryAcquire(key, { ttlMs: 500 });
    expect(next).not.toBeNull();

    // Releasing by the owner's token works through any service on the same store.
    expect(await locks.release(key, lock.token)).toBe(false); // the old token no longer owns it
    expect(await locks.release(key, next!.token)).toBe(true);
    expect(await other.tryAcquire(key, { ttlMs: 500 })).not.toBeNull();
  });

  it('releases the lock in withLock when the work throws', async () => {
    const key = uniqueKey('with-lock');
    let inside: HeldLock | undefined;
    await expect(
      locks.withLock(
        key,
        async (lock) => {
          inside = lock;
          expect(await other.tryAcquire(key, { ttlMs: 500 })).toBeNull();
          throw new Error('work failed');
        },
        { ttlMs: 500 },
      ),
    ).rejects.toThrow('work failed');
    expect(inside?.key).toBe(key);

    const after = await other.tryAcquire(key, { ttlMs: 500 });
    expect(after).not.toBeNull();
    expect(after!.fence).toBeGreaterThan(inside!.fence);
    await after!.release();

    // And on success it returns the work's result and releases too.
    await expect(locks.withLock(key, async () => 42, { ttlMs: 500 })).resolves.toBe(42);
    expect(await other.tryAcquire(key, { ttlMs: 500 })).not.toBeNull();
  });

  it('gives the lock to a waiter soon after the holder releases it', async () => {
    const key = uniqueKey('waiter');
    const holder = (await locks.tryAcquire(key, { ttlMs: 500 }))!;

    let acquiredAt = 0;
    const waiter = other.acquire(key, { ttlMs: 500, waitMs: 4000 }).then((lock) => {
      acquiredAt = Date.now();
      return lock;
    });
    await sleep(400);
    expect(acquiredAt).toBe(0); // still waiting: the holder renews past its TTL

    const releasedAt = Date.now();
    expect(await holder.release()).toBe(true);
    const lock = await waiter;
    expect(lock.fence).toBeGreaterThan(holder.fence);
    expect(acquiredAt - releasedAt).toBeLessThan(250);
    expect(await locks.tryAcquire(key, { ttlMs: 500 })).toBeNull();
  });
});
