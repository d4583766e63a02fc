/** A bucket's shape: it holds up to `burst` requests and refills `ratePerSecond` of them each second. */
export interface BucketRule {
  ratePerSecond: number;
  burst: number;
}

/** A bucket as stored: the requests it held at `at` (milliseconds on the store's clock), fractions included. */
export interface BucketState {
  tokens: number;
  at: number;
}

/** The answer to one take, in the terms of the X-RateLimit-* headers. */
export interface Take {
  allowed: boolean;
  /** The bucket's size (its burst). */
  limit: number;
  /** Whole requests left in the bucket after this one. */
  remaining: number;
  /** Whole seconds until the bucket is full again; 0 when it is full. */
  resetSeconds: number;
  /** 0 while the bucket holds another request; else the whole seconds (≥ 1) until it does. */
  retryAfterSeconds: number;
}

/**
 * Takes one request from a bucket (a fresh bucket is full), as of `now`. The Redis script
 * (redis-bucket-store.ts) does the same arithmetic; both then describe the result with `describe`.
 */
export function takeOne(state: BucketState | undefined, rule: BucketRule, now: number): { state: BucketState; allowed: boolean } {
  const elapsedSeconds = state ? Math.max(0, now - state.at) / 1000 : 0;
  const tokens = state ? Math.min(rule.burst, state.tokens + elapsedSeconds * rule.ratePerSecond) : rule.burst;
  const allowed = tokens >= 1;
  return { state: { tokens: allowed ? tokens - 1 : tokens, at: now }, allowed };
}

/** What a bucket left with `tokens` after a take tells the client. */
export function describe(rule: BucketRule, tokens: number, allowed: boolean): Take {
  return {
    allowed,
    limit: rule.burst,
    remaining: Math.floor(tokens),
    resetSeconds: Math.ceil((rule.burst - tokens) / rule.ratePerSecond),
    retryAfterSeconds: tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - tokens) / rule.ratePerSecond)),
  };
}

/** How long an untouched bucket takes to be full again, when it is no different from a fresh one and may be forgotten. */
export function idleMs(rule: BucketRule): number {
  return Math.ceil((rule.burst / rule.ratePerSecond) * 1000);
}
