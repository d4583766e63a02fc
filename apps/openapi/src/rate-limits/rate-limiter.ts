import { errorEnvelope } from '@bkci/core';
import { HealthDetails } from '@bkci/platform';
import type { Response } from 'express';
import { GatewayCall } from '../gateway/gateway-call';
import { BucketStore } from './bucket-store';
import { RateLimitErrorCode } from './rate-limit.errors';
import { RateLimitSettings } from './rate-limit-settings';
import { BucketRule } from './token-bucket';

/** Beyond this many blocked addresses, the expired ones are swept out when another is added. */
const SWEEP_BLOCKED_ABOVE = 10_000;

/**
 * The gateway's rate limits: one token bucket per identity and route class (admit), and one per
 * client address counting failed authentications (authenticationFailed, refuseIfThrottled).
 */
export class RateLimiter extends HealthDetails {
  /**
   * Addresses whose failed-authentication bucket this replica saw emptied, until when. Checked
   * here, not in the store, so a request with good credentials costs no store round trip for it;
   * another replica learns of a block at the next failure it sees from that address.
   */
  private readonly blocked = new Map<string, number>();

  constructor(
    private readonly settings: RateLimitSettings,
    private readonly store: BucketStore,
    private readonly now: () => number = () => performance.now(),
  ) {
    super();
  }

  /**
   * Takes one request from the caller's bucket and says so in the X-RateLimit-* headers; when the
   * bucket is empty, answers 429 itself and resolves false: the request must not be forwarded.
   */
  async admit(call: GatewayCall, response: Response): Promise<boolean> {
    const take = await this.store.take(`${call.routeClass}:${identityOf(call)}`, this.ruleOf(call));
    response.setHeader('x-ratelimit-limit', take.limit);
    response.setHeader('x-ratelimit-remaining', take.remaining);
    response.setHeader('x-ratelimit-reset', take.resetSeconds);
    if (take.allowed) return true;
    tooManyRequests(response, take.retryAfterSeconds, RateLimitErrorCode.RATE_LIMITED, `Too many requests; retry in ${take.retryAfterSeconds} s`);
    return false;
  }

  /** Answers 429 and returns true while `clientIp` may not present credentials; call before checking any. */
  refuseIfThrottled(clientIp: string | null, response: Response): boolean {
    const until = this.blocked.get(clientIp ?? '');
    if (until === undefined) return false;
    const waitMs = until - this.now();
    if (waitMs <= 0) {
      this.blocked.delete(clientIp ?? '');
      return false;
    }
    const retryAfter = Math.max(1, Math.ceil(waitMs / 1000));
    tooManyRequests(response, retryAfter, RateLimitErrorCode.AUTHENTICATION_THROTTLED, `Too many failed authentications from this address; retry in ${retryAfter} s`);
    return true;
  }

  /** Counts a wrong credential against `clientIp`; the one that empties its bucket blocks the address until a token is back. */
  async authenticationFailed(clientIp: string | null): Promise<void> {
    const take = await this.store.take(`failed-auth:${clientIp ?? ''}`, this.settings.failedAuthentications);
    if (take.retryAfterSeconds === 0) return;
    const now = this.now();
    if (this.blocked.size >= SWEEP_BLOCKED_ABOVE) {
      for (const [address, until] of this.blocked) if (until <= now) this.blocked.delete(address);
    }
    this.blocked.set(clientIp ?? '', now + take.retryAfterSeconds * 1000);
  }

  /** `rateLimits`: `redis` (shared by the replicas), `degraded` (Redis unreachable, kept in this process) or `in-process` (embedded). */
  report(): Record<string, string> {
    return { rateLimits: this.store.state() };
  }

  private ruleOf(call: GatewayCall): BucketRule {
    const appRule = call.routeClass === 'app' ? this.settings.apps.get(call.caller.appCode ?? '') : undefined;
    return appRule ?? this.settings.classes[call.routeClass];
  }
}

function identityOf({ routeClass, caller, clientIp }: GatewayCall): string {
  if (routeClass === 'user') return caller.userId;
  if (routeClass === 'app') return caller.appCode ?? '';
  return clientIp ?? '';
}

function tooManyRequests(response: Response, retryAfterSeconds: number, code: RateLimitErrorCode, message: string): void {
  response.setHeader('retry-after', retryAfterSeconds);
  response.status(429).json(errorEnvelope(code, message));
}
