import { randomUUID } from 'node:crypto';
import { InProcessLockService } from './in-process-lock.service';
import { LockService } from './lock.service';

/** The in-process adapter on its own: TTLs against an injected clock, one table per process. */
const services: LockService[] = [];
function service(now?: () => number): InProcessLockService {
  const created = new InProcessLockService(now);
  services.push(created);
  return created;
}

const uniqueKey = (name: string) => `${name}-${randomUUID()}`;

afterEach(async () => {
  await Promise.all(services.splice(0).map((s) => s.releaseAll()));
});

describe('InProcessLockService', () => {
  it('expires a lock once its TTL has passed on the injected clock', async () => {
    let fakeNow = 1_000_000;
    const locks = service(() => fakeNow);
    const key = uniqueKey('expiry');

    const first = (await locks.tryAcquire(key, { ttlMs: 10_000 }))!;
    expect(first).not.toBeNull();

    fakeNow += 9_999;
    expect(await locks.tryAcquire(key, { ttlMs: 10_000 })).toBeNull();

    fakeNow += 1; // exactly at the TTL: gone
    const second = await locks.tryAcquire(key, { ttlMs: 10_000 });
    expect(second).not.toBeNull();
    expect(second!.fence).toBe(first.fence + 1);

    // The expired holder's token no longer owns anything.
    expect(await locks.release(key, first.token)).toBe(false);
    expect(await first.release()).toBe(false);
    expect(await locks.tryAcquire(key, { ttlMs: 10_000 })).toBeNull();
    expect(await second!.release()).toBe(true);
    expect(await locks.tryAcquire(key, { ttlMs: 10_000 })).not.toBeNull();
  });

  it('does not expire a lock while the injected clock stands still', async () => {
    const locks = service(() => 0);
    const key = uniqueKey('frozen');
    expect(await locks.tryAcquire(key, { ttlMs: 50 })).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 120)); // real time passes, the clock does not
    expect(await locks.tryAcquire(key, { ttlMs: 50 })).toBeNull();
  });

  it('measures renewals on the injected clock, and marks the holder lost when the lock expired and moved on', async () => {
    let fakeNow = 0;
    const locks = service(() => fakeNow);
    const key = uniqueKey('renewal');
    const holder = (await locks.tryAcquire(key, { ttlMs: 300 }))!;

    // The holder renews every 100 ms of real time; each renewal pushes expiry to fakeNow + 300.
    fakeNow = 200;
    await new Promise((resolve) => setTimeout(resolve, 250));
    fakeNow = 450; // past the original expiry (300), within the renewed one (≥ 500)
    expect(await locks.tryAcquire(key, { ttlMs: 300 })).toBeNull();
    expect(holder.lost).toBe(false);

    fakeNow = 10_000; // far past any renewal: expired, and someone else takes it
    const successor = (await locks.tryAcquire(key, { ttlMs: 300 }))!;
    expect(successor).not.toBeNull();
    const deadline = Date.now() + 1000;
    while (!holder.lost && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(holder.lost).toBe(true);
    expect(await holder.release()).toBe(false);
    expect(await locks.tryAcquire(key, { ttlMs: 300 })).toBeNull(); // the successor still holds it
    expect(successor.lost).toBe(false);
  });

  it('shares one lock table between service instances, as the apps of one process do', async () => {
    const a = service();
    const b = service();
    const key = uniqueKey('shared');

    const held = (await a.tryAcquire(key, { ttlMs: 5_000 }))!;
    expect(held).not.toBeNull();
    expect(await b.tryAcquire(key, { ttlMs: 5_000 })).toBeNull();
    await expect(b.acquire(key, { ttlMs: 5_000, waitMs: 0 })).rejects.toMatchObject({ key });

    expect(await b.release(key, randomUUID())).toBe(false);
    expect(await b.tryAcquire(key, { ttlMs: 5_000 })).toBeNull();
    expect(await b.release(key, held.token)).toBe(true); // the owner's token works from any instance

    const next = await b.tryAcquire(key, { ttlMs: 5_000 });
    expect(next).not.toBeNull();
    expect(next!.fence).toBe(held.fence + 1); // fences are shared too
    expect(await a.tryAcquire(key, { ttlMs: 5_000 })).toBeNull();

    // A separately constructed instance sees the same table too.
    expect(await service().tryAcquire(key, { ttlMs: 5_000 })).toBeNull();
    await expect(a.check()).resolves.toBeUndefined();
  });
});
