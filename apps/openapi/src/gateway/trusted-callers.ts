import { createHash } from 'node:crypto';
import type { Caller } from '@bkci/auth';

/** Credentials remembered at most; past it the oldest are forgotten (and asked about again). */
const MAX_CACHED = 10_000;

/**
 * The callers the gateway verified recently, by a hash of the credentials that proved them (never
 * the credentials themselves), so an agent, a build or a token is checked once per while, not per
 * request. `T` is what the credentials proved: a caller, or what the verifier keeps beside it.
 */
export class TrustedCallers<T = Caller> {
  private readonly trusted = new Map<string, { caller: T; trustedUntil: number }>();

  /** The key for `credentials`: a sha256 of their JSON. */
  static keyOf(credentials: unknown): string {
    return createHash('sha256').update(JSON.stringify(credentials)).digest('hex');
  }

  /** The caller `key` proved, while still trusted. */
  get(key: string): T | null {
    const known = this.trusted.get(key);
    if (!known) return null;
    if (known.trustedUntil > Date.now()) return known.caller;
    this.trusted.delete(key);
    return null;
  }

  remember(key: string, caller: T, trustedUntil: number): void {
    if (this.trusted.size >= MAX_CACHED) this.trusted.delete(this.trusted.keys().next().value as string);
    this.trusted.set(key, { caller, trustedUntil });
  }

  /** Forgets every caller `revoked` picks: its credentials are asked about again, and refused. */
  forget(revoked: (caller: T) => boolean): void {
    for (const [key, { caller }] of this.trusted) if (revoked(caller)) this.trusted.delete(key);
  }
}
