import { describe as describeTake, idleMs, takeOne, BucketRule, BucketState } from './token-bucket';

const rule: BucketRule = { ratePerSecond: 2, burst: 3 };

/** Takes `count` times at `now` from `state`, returning the last result. */
function takeMany(state: BucketState | undefined, count: number, now: number) {
  let result = takeOne(state, rule, now);
  for (let i = 1; i < count; i++) result = takeOne(result.state, rule, now);
  return result;
}

describe('token bucket', () => {
  it('starts full and allows a burst, then refuses', () => {
    const burst = takeMany(undefined, 3, 0);
    expect(burst.allowed).toBe(true);
    expect(burst.state).toEqual({ tokens: 0, at: 0 });
    const over = takeOne(burst.state, rule, 0);
    expect(over.allowed).toBe(false);
    expect(over.state.tokens).toBe(0);
  });

  it('refills at its rate and never beyond its burst', () => {
    const empty = takeMany(undefined, 3, 0).state;
    expect(takeOne(empty, rule, 499).allowed).toBe(false);
    const refilled = takeOne(empty, rule, 500);
    expect(refilled.allowed).toBe(true);
    expect(refilled.state.tokens).toBeCloseTo(0);
    const rested = takeOne(empty, rule, 60_000);
    expect(rested.state.tokens).toBe(2);
  });

  it('ignores a clock that goes backwards', () => {
    const empty = takeMany(undefined, 3, 1000).state;
    expect(takeOne(empty, rule, 0).allowed).toBe(false);
  });

  it('describes a take as the X-RateLimit-* headers and Retry-After say it', () => {
    expect(describeTake(rule, 2, true)).toEqual({ allowed: true, limit: 3, remaining: 2, resetSeconds: 1, retryAfterSeconds: 0 });
    expect(describeTake(rule, 3, true)).toMatchObject({ remaining: 3, resetSeconds: 0 });
    // Empty: 1.5 s until full; a request fits again in 0.5 s, rounded up to a whole second.
    expect(describeTake(rule, 0, false)).toEqual({ allowed: false, limit: 3, remaining: 0, resetSeconds: 2, retryAfterSeconds: 1 });
    // Emptied by this very take: allowed, yet the next one must wait.
    expect(describeTake(rule, 0.2, true)).toMatchObject({ allowed: true, remaining: 0, retryAfterSeconds: 1 });
    const slow: BucketRule = { ratePerSecond: 0.2, burst: 10 };
    expect(describeTake(slow, 0, false)).toMatchObject({ retryAfterSeconds: 5, resetSeconds: 50 });
    expect(describeTake(slow, 0.5, false)).toMatchObject({ retryAfterSeconds: 3 });
  });

  it('forgets a bucket once it would be full again', () => {
    expect(idleMs(rule)).toBe(1500);
    expect(idleMs({ ratePerSecond: 0.2, burst: 10 })).toBe(50_000);
  });
});
