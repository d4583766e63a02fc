import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@bkci/config';
import { thrownError } from '@bkci/testing';
import { OPENAPI_CONFIG } from '../openapi.config';

describe('rate limit settings', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bkci-config-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const load = (env: Record<string, string>) => OPENAPI_CONFIG.load(loadConfig('openapi', { BKCI_DATA_DIR: dataDir, ...env })).rateLimits;

  it("defaults to BK-CI's gateway limits, keeping buckets in the shared Redis", () => {
    expect(load({ BKCI_REDIS_URL: 'redis://cache:6379' })).toEqual({
      classes: {
        user: { ratePerSecond: 20, burst: 20 },
        app: { ratePerSecond: 100, burst: 50 },
        build: { ratePerSecond: 100, burst: 20 },
        external: { ratePerSecond: 100, burst: 50 },
      },
      apps: new Map(),
      failedAuthentications: { ratePerSecond: 0.2, burst: 10 },
      redisUrl: 'redis://cache:6379',
    });
  });

  it('takes a rate and a burst per class, per app code and for failed authentications', () => {
    const settings = load({
      BKCI_RATE_LIMIT_USER: '2/3',
      BKCI_RATE_LIMIT_APP: '50/50',
      BKCI_RATE_LIMIT_BUILD: ' 200/40 ',
      BKCI_RATE_LIMIT_EXTERNAL: '10/5',
      BKCI_RATE_LIMIT_APPS: 'ci-bot:200/100, nightly.sync:0.5/2',
      BKCI_RATE_LIMIT_FAILED_AUTH: '0.1/5',
      BKCI_RATE_LIMIT_REDIS_URL: 'redis://limits:6380',
    });
    expect(settings.classes).toEqual({
      user: { ratePerSecond: 2, burst: 3 },
      app: { ratePerSecond: 50, burst: 50 },
      build: { ratePerSecond: 200, burst: 40 },
      external: { ratePerSecond: 10, burst: 5 },
    });
    expect([...settings.apps]).toEqual([
      ['ci-bot', { ratePerSecond: 200, burst: 100 }],
      ['nightly.sync', { ratePerSecond: 0.5, burst: 2 }],
    ]);
    expect(settings.failedAuthentications).toEqual({ ratePerSecond: 0.1, burst: 5 });
    expect(settings.redisUrl).toBe('redis://limits:6380');
  });

  it('refuses a malformed limit, naming the variable and the entry', () => {
    const error = thrownError(ConfigError, () =>
      load({
        BKCI_RATE_LIMIT_USER: '20',
        BKCI_RATE_LIMIT_BUILD: '0/10',
        BKCI_RATE_LIMIT_EXTERNAL: '10/0',
        BKCI_RATE_LIMIT_APPS: 'ci-bot:200/100,:1/1,bad code:1/1,x:fast',
        BKCI_RATE_LIMIT_FAILED_AUTH: '-1/10',
        BKCI_RATE_LIMIT_REDIS_URL: 'http://limits',
      }),
    );
    expect(error.problems).toEqual([
      'BKCI_RATE_LIMIT_USER must be <requests per second>/<burst>, such as 20/20 or 0.5/10 (got "20")',
      'BKCI_RATE_LIMIT_BUILD must be <requests per second>/<burst>, such as 20/20 or 0.5/10 (got "0/10")',
      'BKCI_RATE_LIMIT_EXTERNAL must be <requests per second>/<burst>, such as 20/20 or 0.5/10 (got "10/0")',
      'BKCI_RATE_LIMIT_APPS: each entry must be <app code>:<requests per second>/<burst>, such as 20/20 or 0.5/10 (got ":1/1")',
      'BKCI_RATE_LIMIT_APPS: each entry must be <app code>:<requests per second>/<burst>, such as 20/20 or 0.5/10 (got "bad code:1/1")',
      'BKCI_RATE_LIMIT_APPS: each entry must be <app code>:<requests per second>/<burst>, such as 20/20 or 0.5/10 (got "x:fast")',
      'BKCI_RATE_LIMIT_FAILED_AUTH must be <requests per second>/<burst>, such as 20/20 or 0.5/10 (got "-1/10")',
      'BKCI_RATE_LIMIT_REDIS_URL must be a URL starting with redis: or rediss:// (got "http://limits")',
    ]);
  });
});
