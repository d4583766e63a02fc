import { LockService } from './lock.service';

interface Entry {
  token: string;
  expiresAt: number;
}

/**
 * Shared by every app in the process (the embedded profile runs them all in one), like the one
 * Redis they would share in the services profile.
 */
const entries = new Map<string, Entry>();
const fences = new Map<string, number>();

/** Locks held in this process's memory, with the same TTL and owner rules as the Redis adapter. */
export class InProcessLockService extends LockService {
  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  protected async tryTake(key: string, token: string, ttlMs: number): Promise<number | null> {
    if (this.live(key)) return null;
    entries.set(key, { token, expiresAt: this.now() + ttlMs });
    const fence = (fences.get(key) ?? 0) + 1;
    fences.set(key, fence);
    return fence;
  }

  protected async extend(key: string, token: string, ttlMs: number): Promise<boolean> {
    const entry = this.live(key);
    if (entry?.token !== token) return false;
    entry.expiresAt = this.now() + ttlMs;
    return true;
  }

  protected async releaseIfOwner(key: string, token: string): Promise<boolean> {
    if (this.live(key)?.token !== token) return false;
    entries.delete(key);
    return true;
  }

  async check(): Promise<void> {
    // Memory is always reachable.
  }

  private live(key: string): Entry | undefined {
    const entry = entries.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }
}
