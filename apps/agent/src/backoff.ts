/**
 * Delays between retries while the server is unreachable: 1 s, 2 s, 4 s, … capped at 30 s, so a
 * fleet of agents does not hammer a server that is coming back, yet a short outage costs little.
 */
export class Backoff {
  private attempt = 0;

  constructor(
    private readonly initialMs = 1_000,
    private readonly maxMs = 30_000,
  ) {}

  /** The delay before the next retry; each call doubles the following one up to the cap. */
  next(): number {
    const delay = Math.min(this.maxMs, this.initialMs * 2 ** Math.min(this.attempt, 30));
    this.attempt += 1;
    return delay;
  }

  /** After a success: the next failure waits the initial delay again. */
  reset(): void {
    this.attempt = 0;
  }
}
