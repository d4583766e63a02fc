import { BucketStore } from './bucket-store';
import { BucketRule, BucketState, describe, idleMs, Take, takeOne } from './token-bucket';

/** How often forgotten buckets (full again) are swept out, so a stream of new client addresses cannot grow the map without end. */
const SWEEP_EVERY_MS = 60_000;

interface Kept {
  state: BucketState;
  forgetAt: number;
}

/** Buckets in a Map: the embedded profile's store, and the services profile's while Redis is unreachable. */
export class InProcessBucketStore implements BucketStore {
  private readonly buckets = new Map<string, Kept>();
  private sweptAt: number;

  constructor(private readonly now: () => number = () => performance.now()) {
    this.sweptAt = now();
  }

  take(key: string, rule: BucketRule): Promise<Take> {
    const now = this.now();
    if (now - this.sweptAt >= SWEEP_EVERY_MS) this.sweep(now);
    const { state, allowed } = takeOne(this.buckets.get(key)?.state, rule, now);
    this.buckets.set(key, { state, forgetAt: now + idleMs(rule) });
    return Promise.resolve(describe(rule, state.tokens, allowed));
  }

  state(): 'in-process' {
    return 'in-process';
  }

  /** How many buckets are kept (for tests of the sweep). */
  get size(): number {
    return this.buckets.size;
  }

  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [key, kept] of this.buckets) {
      if (kept.forgetAt <= now) this.buckets.delete(key);
    }
  }
}
