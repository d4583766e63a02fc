import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LockBusyError } from './lock-busy.error';

export interface LockOptions {
  /** How long the lock lives without renewal; a holder that dies frees it after this. */
  ttlMs?: number;
  /** How long `acquire` waits for a busy lock before giving up. 0 = one attempt. */
  waitMs?: number;
}

export const DEFAULT_LOCK_TTL_MS = 30_000;
const RETRY_INTERVAL_MS = 50;

/** A lock this process holds. It is renewed every ttl/3 until released or lost. */
export interface HeldLock {
  readonly key: string;
  readonly token: string;
  /** Grows by one with every acquisition of the key: writers can refuse stale holders with it. */
  readonly fence: number;
  /** True once a renewal found the lock gone (expired or taken): stop working under it. */
  readonly lost: boolean;
  release(): Promise<boolean>;
}

/**
 * The lock port. Adapters supply the three atomic primitives; waiting, renewal and release
 * bookkeeping live here so both adapters behave the same.
 */
export abstract class LockService {
  private readonly logger = new Logger(LockService.name);
  private readonly held = new Set<ManagedLock>();

  /** Takes `key` for `token` if free; returns the new fence number, or null when taken. */
  protected abstract tryTake(key: string, token: string, ttlMs: number): Promise<number | null>;
  /** Extends the lock only if `token` still holds it. */
  protected abstract extend(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Deletes the lock only if `token` holds it. */
  protected abstract releaseIfOwner(key: string, token: string): Promise<boolean>;
  /** Throws when the lock store cannot be reached (health check). */
  abstract check(): Promise<void>;

  async tryAcquire(key: string, options: LockOptions = {}): Promise<HeldLock | null> {
    const ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
    const token = randomUUID();
    const sentAt = performance.now();
    const fence = await this.tryTake(key, token, ttlMs);
    if (fence === null) return null;
    const lock = new ManagedLock(key, token, fence, ttlMs, sentAt, this);
    this.held.add(lock);
    return lock;
  }

  /** Waits up to `waitMs` for the lock, then throws LockBusyError. */
  async acquire(key: string, options: LockOptions = {}): Promise<HeldLock> {
    const deadline = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      const lock = await this.tryAcquire(key, options);
      if (lock) return lock;
      if (Date.now() >= deadline) throw new LockBusyError(key);
      await sleep(Math.min(RETRY_INTERVAL_MS, Math.max(1, deadline - Date.now())));
    }
  }

  /** Runs `work` under the lock and always releases it afterwards. */
  async withLock<T>(key: string, work: (lock: HeldLock) => Promise<T>, options: LockOptions = {}): Promise<T> {
    const lock = await this.acquire(key, options);
    try {
      return await work(lock);
    } finally {
      await lock.release();
    }
  }

  /** Releases by token: only the owner's token can free a lock. */
  release(key: string, token: string): Promise<boolean> {
    return this.releaseIfOwner(key, token);
  }

  /** @internal called by ManagedLock */
  renewFor(lock: ManagedLock): Promise<boolean> {
    return this.extend(lock.key, lock.token, lock.ttlMs);
  }

  /** @internal called by ManagedLock */
  forget(lock: ManagedLock): void {
    this.held.delete(lock);
  }

  /** Stops renewing every held lock and releases them (app shutdown). */
  async releaseAll(): Promise<void> {
    await Promise.all([...this.held].map((lock) => lock.release()));
  }

  protected warn(message: string): void {
    this.logger.warn(message);
  }
}

class ManagedLock implements HeldLock {
  lost = false;
  private readonly renewTimer: NodeJS.Timeout;
  private released = false;

  constructor(
    readonly key: string,
    readonly token: string,
    readonly fence: number,
    readonly ttlMs: number,
    /** When the last take or renewal that succeeded was sent: the store keeps the lock ttl past it. */
    private confirmedAt: number,
    private readonly owner: LockService,
  ) {
    this.renewTimer = setInterval(() => void this.renew(), Math.max(10, Math.floor(ttlMs / 3)));
    this.renewTimer.unref();
  }

  async release(): Promise<boolean> {
    if (this.released) return false;
    this.released = true;
    clearInterval(this.renewTimer);
    this.owner.forget(this);
    if (this.lost) return false;
    return this.owner.release(this.key, this.token);
  }

  private async renew(): Promise<void> {
    if (this.released || this.lost) return;
    // No renewal got through for a whole TTL: the store may have expired the lock and handed it on.
    if (performance.now() - this.confirmedAt >= this.ttlMs) return this.markLost();
    const sentAt = performance.now();
    try {
      if (await this.owner.renewFor(this)) this.confirmedAt = Math.max(this.confirmedAt, sentAt);
      else this.markLost();
    } catch {
      // The store is unreachable: keep trying until the TTL would have run out.
    }
  }

  private markLost(): void {
    this.lost = true;
    clearInterval(this.renewTimer);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
