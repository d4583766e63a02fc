import { randomUUID } from 'node:crypto';
import { Backoff } from './backoff';
import { CallResult, problem } from './http-client';
import { LogMessage } from './job-api';
import { AgentLog } from './log';
import { MaskList } from './mask';
import { sleep } from './sleep';

export interface LogShipperTiming {
  /** A line waits at most this long before it is sent… */
  flushMs: number;
  /** …or less, when this many lines are waiting; also the largest batch. */
  maxLines: number;
  retryInitialMs: number;
  retryMaxMs: number;
  /** A batch log keeps refusing to take (down, or busy) is dropped after this long, so a job's end is not held for ever. */
  giveUpMs: number;
  /** Lines waiting beyond this many (log down, a step printing fast) are dropped, so the agent's memory stays bounded. */
  maxPending: number;
}

export const LOG_SHIPPER_TIMING: LogShipperTiming = { flushMs: 200, maxLines: 100, retryInitialMs: 200, retryMaxMs: 5_000, giveUpMs: 60_000, maxPending: 20_000 };

export type SendLogs = (messages: LogMessage[], batchId: string, signal: AbortSignal) => Promise<CallResult<boolean>>;

/**
 * A job's log lines to log's multi-line print: `add` only queues (a step never waits on log),
 * batches leave in order, one at a time, and a batch log could not take (unreachable, 429 busy)
 * is sent again under the same batch id, which log stores once. Every line is masked on the way in.
 */
export class LogShipper {
  private readonly queue: LogMessage[] = [];
  private readonly batchPrefix = randomUUID();
  private batchCount = 0;
  private dropped = 0;
  private timer: NodeJS.Timeout | null = null;
  private sending: Promise<void> | null = null;

  constructor(
    private readonly send: SendLogs,
    private readonly masks: MaskList,
    private readonly log: AgentLog,
    private readonly signal: AbortSignal,
    private readonly timing: LogShipperTiming = LOG_SHIPPER_TIMING,
  ) {}

  add(message: LogMessage): void {
    if (this.queue.length >= this.timing.maxPending) {
      if (this.dropped++ === 0) this.log('warn', 'job.log.overflow', { pending: this.queue.length });
      return;
    }
    this.queue.push({ ...message, message: this.masks.apply(message.message) });
    if (this.queue.length >= this.timing.maxLines) this.start();
    else if (this.timer === null && this.sending === null) this.timer = setTimeout(() => this.start(), this.timing.flushMs);
  }

  /** Sends every line queued so far (the job's end waits for it). */
  async flush(): Promise<void> {
    while (this.sending !== null || (this.queue.length > 0 && !this.signal.aborted)) {
      this.start();
      await this.sending;
    }
  }

  private start(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.sending !== null) return;
    this.sending = this.drain().finally(() => (this.sending = null));
  }

  /** Lines queued while a batch is out are sent right after it: they have waited already. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0 && !this.signal.aborted) {
      await this.sendBatch(this.queue.splice(0, this.timing.maxLines));
    }
  }

  private async sendBatch(batch: LogMessage[]): Promise<void> {
    this.batchCount += 1;
    const batchId = `${this.batchPrefix}-${this.batchCount}`;
    const backoff = new Backoff(this.timing.retryInitialMs, this.timing.retryMaxMs);
    const started = Date.now();
    while (!this.signal.aborted) {
      const result = await this.send(batch, batchId, this.signal);
      if (result.outcome === 'ok') return;
      const retry = result.outcome === 'unavailable' || (result.outcome === 'rejected' && result.httpStatus === 429);
      if (!retry || Date.now() - started >= this.timing.giveUpMs) {
        this.log('warn', 'job.log.dropped', { lines: batch.length, ...problem(result) });
        return;
      }
      await sleep(backoff.next(), this.signal);
    }
  }
}
