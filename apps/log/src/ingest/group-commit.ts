interface Waiting<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

/**
 * Group commit, per key (a build): an item submitted while an earlier group of its key is being
 * written waits, and every item that waited is then written by one call of `write`, up to
 * `maxWeight` (the first item always goes, however heavy). A lone writer is not delayed: its item
 * is written at once, alone. Each submitter is answered when its group is written.
 *
 * When a group fails, its items are written again one by one, so that an item which cannot be
 * written fails alone and does not fail the others; unless the error is one `sharedBy` says every
 * item would meet alone as well (a busy lock, a service down), which fails them all at once.
 * `write` must therefore be safe to repeat for an item whose group may have committed (the log's
 * batch keys make it so).
 */
export class GroupCommit<T, R> {
  /** A key is here while a writer for it is at work; its array holds what waits for the next group. */
  private readonly queues = new Map<string, Waiting<T, R>[]>();

  constructor(
    /** Writes a group of items, in order, and returns each item's result in the same order. */
    private readonly write: (key: string, items: T[]) => Promise<R[]>,
    private readonly weightOf: (item: T) => number,
    private readonly maxWeight: number,
    private readonly sharedBy: (error: unknown) => boolean,
  ) {}

  submit(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const waiting = { item, resolve, reject };
      const queue = this.queues.get(key);
      if (queue) {
        queue.push(waiting);
        return;
      }
      this.queues.set(key, [waiting]);
      void this.drain(key);
    });
  }

  /** Writes groups of `key` until nothing waits, then lets the next submitter start a writer. */
  private async drain(key: string): Promise<void> {
    for (;;) {
      const queue = this.queues.get(key) ?? [];
      if (queue.length === 0) {
        this.queues.delete(key);
        return;
      }
      let weight = this.weightOf(queue[0].item);
      let size = 1;
      while (size < queue.length && weight + this.weightOf(queue[size].item) <= this.maxWeight) weight += this.weightOf(queue[size++].item);
      await this.writeGroup(key, queue.splice(0, size));
    }
  }

  /** Never throws: every item of the group is answered. */
  private async writeGroup(key: string, group: Waiting<T, R>[]): Promise<void> {
    try {
      const results = await this.write(key, group.map((waiting) => waiting.item));
      group.forEach((waiting, i) => waiting.resolve(results[i]));
    } catch (error) {
      if (group.length === 1 || this.sharedBy(error)) return group.forEach((waiting) => waiting.reject(error));
      for (const waiting of group) await this.writeGroup(key, [waiting]);
    }
  }
}
