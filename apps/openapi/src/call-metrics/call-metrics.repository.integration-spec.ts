import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { TEST_PROFILE } from '@bkci/testing';
import type { CallMetricsRepository } from './call-metrics.repository';
import { InProcessCallMetricsRepository } from './in-process-call-metrics.repository';
import { RedisCallMetricsRepository } from './redis-call-metrics.repository';

/** A Monday, 10:30:30 UTC: half a minute into a minute, half an hour into an hour. */
const NOW = Date.UTC(2024, 0, 1, 10, 30, 30);
const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const START = 'POST /v4/projects/{projectId}/build_start';
const STATUS = 'GET /v4/projects/{projectId}/build_status';

/**
 * The store's contract at times the test chooses, run against the profile's adapter: in memory
 * (embedded) or Redis (services, a real server under a key prefix unique to each test).
 */
describe(`call metrics store (${TEST_PROFILE})`, () => {
  const redis = TEST_PROFILE === 'services' ? new Redis(process.env.BKCI_REDIS_URL ?? 'redis://127.0.0.1:6379') : null;
  const prefixes: string[] = [];

  afterAll(async () => {
    if (!redis) return;
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}*`);
      if (keys.length > 0) await redis.del(...keys);
    }
    redis.disconnect();
  });

  /** A fresh, empty store. */
  function repository(): CallMetricsRepository {
    if (!redis) return new InProcessCallMetricsRepository();
    const prefix = `test:${randomBytes(4).toString('hex')}:`;
    prefixes.push(prefix);
    return new RedisCallMetricsRepository(redis, prefix);
  }

  /** Records calls in the order given, as one gateway would. */
  async function recorded(calls: [api: string, key: string, at: number][]): Promise<CallMetricsRepository> {
    const store = repository();
    for (const [api, key, at] of calls) await store.record(api, key, at);
    return store;
  }

  it('counts each call in every window it falls in: 5 min, 1 h, 24 h and 7 d, current bucket included', async () => {
    const store = await recorded([
      [START, 'user:ann', NOW - 8 * DAY],
      [START, 'user:ann', NOW - 2 * DAY],
      [START, 'user:ann', NOW - 3 * HOUR],
      [START, 'user:ann', NOW - 10 * MINUTE],
      [START, 'user:ann', NOW - 10 * SECOND],
    ]);
    expect(await store.rows(NOW)).toEqual([
      { api: START, key: 'user:ann', secondLevelConcurrency: 1, peakConcurrency: 1, call5m: 1, call1h: 2, call24h: 3, call7d: 4 },
    ]);
  });

  it('cuts windows at whole clock minutes and hours: the 5 min are this minute and the 4 before', async () => {
    const store = await recorded([
      [START, 'user:ann', NOW - 5 * MINUTE],
      [START, 'user:ann', NOW - 4 * MINUTE],
      [START, 'user:ann', NOW - 60 * MINUTE],
      [START, 'user:ann', NOW - 59 * MINUTE],
    ]);
    // 10:25:30 is in minute 10:25, outside 10:26..10:30; 09:30:30 is in minute 09:30, outside 09:31..10:30.
    expect((await store.rows(NOW))[0]).toMatchObject({ call5m: 1, call1h: 3, call24h: 4, call7d: 4 });
    expect((await store.rows(NOW + 30 * SECOND))[0]).toMatchObject({ call5m: 0, call1h: 2 });
  });

  it('averages the calls per busy second over 5 min and keeps the busiest second of the last 24 h', async () => {
    const store = await recorded([
      ...Array.from({ length: 5 }, (): [string, string, number] => [START, 'user:ann', NOW - 25 * HOUR]),
      ...Array.from({ length: 4 }, (): [string, string, number] => [START, 'user:ann', NOW - 23 * HOUR]),
      [START, 'user:ann', NOW - 2 * MINUTE],
      [START, 'user:ann', NOW - 2 * MINUTE + 1],
      [START, 'user:ann', NOW - 2 * MINUTE + 2],
      [START, 'user:ann', NOW - SECOND],
    ]);
    // Two busy seconds in the last 5 minutes holding 4 calls; the 5-call second was 25 hours ago.
    expect((await store.rows(NOW))[0]).toMatchObject({ secondLevelConcurrency: 2, peakConcurrency: 4, call5m: 4, call24h: 8, call7d: 13 });
  });

  it('keeps one row per api and key, sorted by api then key, and none for pairs quiet for 7 days', async () => {
    const store = await recorded([
      [STATUS, 'app:ci-bot', NOW - 8 * DAY],
      [START, 'user:bob', NOW - MINUTE],
      [START, 'app:ci-bot', NOW - MINUTE],
      [STATUS, 'user:bob', NOW - MINUTE],
      [START, 'user:bob', NOW],
    ]);
    expect((await store.rows(NOW)).map(({ api, key, call5m }) => ({ api, key, call5m }))).toEqual([
      { api: STATUS, key: 'user:bob', call5m: 1 },
      { api: START, key: 'app:ci-bot', call5m: 1 },
      { api: START, key: 'user:bob', call5m: 2 },
    ]);
  });

  it('answers no rows before any call', async () => {
    expect(await repository().rows(NOW)).toEqual([]);
  });
});
