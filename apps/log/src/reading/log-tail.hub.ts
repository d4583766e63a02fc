import { Injectable } from '@nestjs/common';

/**
 * The tails open in this process, by build: an event that a build stored lines or finished wakes
 * each of them to read from the store. Every replica hears every event (a broadcast consumer), so
 * a tail is woken wherever it is served.
 */
@Injectable()
export class LogTailHub {
  private readonly tails = new Map<string, Set<() => void>>();

  /** Registers `wake` for `buildId`; the returned function unregisters it. */
  listen(buildId: string, wake: () => void): () => void {
    let wakers = this.tails.get(buildId);
    if (!wakers) this.tails.set(buildId, (wakers = new Set()));
    wakers.add(wake);
    return () => {
      wakers.delete(wake);
      if (wakers.size === 0 && this.tails.get(buildId) === wakers) this.tails.delete(buildId);
    };
  }

  nudge(buildId: string): void {
    for (const wake of this.tails.get(buildId) ?? []) wake();
  }

  /** Every open tail, woken at shutdown so that each sees it must end. */
  nudgeAll(): void {
    for (const wakers of this.tails.values()) for (const wake of wakers) wake();
  }
}
