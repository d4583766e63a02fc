import { InProcessBucketStore } from './in-process-bucket-store';

describe('InProcessBucketStore', () => {
  let now = 0;
  const store = new InProcessBucketStore(() => now);
  const rule = { ratePerSecond: 1, burst: 2 };

  it('keeps one bucket per key', async () => {
    expect(await store.take('user:alice', rule)).toMatchObject({ allowed: true, remaining: 1 });
    expect(await store.take('user:alice', rule)).toMatchObject({ allowed: true, remaining: 0 });
    expect(await store.take('user:alice', rule)).toEqual({ allowed: false, limit: 2, remaining: 0, resetSeconds: 2, retryAfterSeconds: 1 });
    expect(await store.take('user:bob', rule)).toMatchObject({ allowed: true, remaining: 1 });
    now = 1000;
    expect(await store.take('user:alice', rule)).toMatchObject({ allowed: true, remaining: 0 });
  });

  it('sweeps out buckets that are full again, once a minute', async () => {
    expect(store.size).toBe(2);
    now = 59_000;
    await store.take('user:carol', rule);
    expect(store.size).toBe(3);
    now = 61_000;
    await store.take('user:dave', rule);
    expect(store.size).toBe(1);
    expect(store.state()).toBe('in-process');
  });
});
