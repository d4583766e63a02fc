import type { Response } from 'express';
import { GATEWAY_ISSUER } from '@bkci/auth';
import { GatewayCall } from '../gateway/gateway-call';
import { InProcessBucketStore } from './in-process-bucket-store';
import { RateLimiter } from './rate-limiter';
import { RateLimitSettings } from './rate-limit-settings';

/** What the limiter writes on an answer: its headers, and the status and body of a 429. */
class Answer {
  headers: Record<string, unknown> = {};
  statusCode = 200;
  body: unknown = null;

  setHeader(name: string, value: unknown): this {
    this.headers[name] = value;
    return this;
  }

  status(code: number): this {
    this.statusCode = code;
    return this;
  }

  json(body: unknown): this {
    this.body = body;
    return this;
  }
}

const settings: RateLimitSettings = {
  classes: {
    user: { ratePerSecond: 1, burst: 2 },
    app: { ratePerSecond: 1, burst: 1 },
    build: { ratePerSecond: 1, burst: 2 },
    external: { ratePerSecond: 1, burst: 2 },
  },
  apps: new Map([['ci-bot', { ratePerSecond: 1, burst: 5 }]]),
  failedAuthentications: { ratePerSecond: 0.5, burst: 2 },
  redisUrl: 'redis://unused',
};

const caller = (userId: string, appCode: string | null = null) => ({ userId, issuer: GATEWAY_ISSUER, appCode, admin: false });

describe('RateLimiter', () => {
  let now = 0;
  const limiter = new RateLimiter(settings, new InProcessBucketStore(() => now), () => now);
  const admit = async (call: GatewayCall) => {
    const answer = new Answer();
    const admitted = await limiter.admit(call, answer as unknown as Response);
    return { admitted, answer };
  };

  it('keys users by user id, apps by app code with their own bucket size, and the rest by address', async () => {
    const alice = { caller: caller('alice'), routeClass: 'user', clientIp: '10.0.0.1' } as const;
    expect((await admit(alice)).answer.headers).toEqual({ 'x-ratelimit-limit': 2, 'x-ratelimit-remaining': 1, 'x-ratelimit-reset': 1 });
    // The same user from another address shares the bucket.
    expect((await admit({ ...alice, clientIp: '10.0.0.2' })).answer.headers['x-ratelimit-remaining']).toBe(0);
    const refused = await admit(alice);
    expect(refused.admitted).toBe(false);
    expect(refused.answer.statusCode).toBe(429);
    expect(refused.answer.headers).toEqual({ 'x-ratelimit-limit': 2, 'x-ratelimit-remaining': 0, 'x-ratelimit-reset': 2, 'retry-after': 1 });
    expect(refused.answer.body).toEqual({ status: 2112501, message: 'Too many requests; retry in 1 s', data: null });

    const bot = await admit({ caller: caller('alice', 'ci-bot'), routeClass: 'app', clientIp: '10.0.0.1' });
    expect(bot.answer.headers['x-ratelimit-limit']).toBe(5);
    const other = await admit({ caller: caller('alice', 'other-app'), routeClass: 'app', clientIp: '10.0.0.1' });
    expect(other.answer.headers['x-ratelimit-limit']).toBe(1);

    const build = { caller: caller('bob'), routeClass: 'build', clientIp: '10.0.0.3' } as const;
    await admit(build);
    expect((await admit({ ...build, caller: caller('carol') })).answer.headers['x-ratelimit-remaining']).toBe(0);
    expect((await admit({ ...build, routeClass: 'external' })).answer.headers['x-ratelimit-remaining']).toBe(1);
  });

  it('blocks an address once its failed authentications are used up, until one is back', async () => {
    const check = (clientIp: string) => {
      const answer = new Answer();
      return { refused: limiter.refuseIfThrottled(clientIp, answer as unknown as Response), answer };
    };
    await limiter.authenticationFailed('10.0.9.1');
    expect(check('10.0.9.1').refused).toBe(false);
    await limiter.authenticationFailed('10.0.9.1');
    const blocked = check('10.0.9.1');
    expect(blocked.refused).toBe(true);
    expect(blocked.answer.statusCode).toBe(429);
    expect(blocked.answer.headers).toEqual({ 'retry-after': 2 });
    expect(blocked.answer.body).toMatchObject({ status: 2112502, data: null });
    expect(check('10.0.9.2').refused).toBe(false);

    now += 1500;
    expect(check('10.0.9.1').answer.headers).toEqual({ 'retry-after': 1 });
    now += 500;
    expect(check('10.0.9.1').refused).toBe(false);
  });

  it('says in the health answer where the buckets are', () => {
    expect(limiter.report()).toEqual({ rateLimits: 'in-process' });
  });
});
