import { Inject, Injectable } from '@nestjs/common';
import { LOG_CONFIG, LogConfig } from '../log.config';
import { LogError, LogErrorCode } from '../log.errors';

/**
 * Back-pressure: the lines this app instance has accepted and not yet committed. A request that
 * would take it past `maxPendingLines` is refused with 429 before anything is read or stored, so
 * the writer retries after Retry-After; nothing is acknowledged until its transaction commits, so
 * a refusal loses nothing that was acknowledged.
 */
@Injectable()
export class PendingLines {
  private pending = 0;

  constructor(@Inject(LOG_CONFIG.token) private readonly config: LogConfig) {}

  /**
   * Counts `lines` (the batch's messages, before any is split) as pending and returns the function
   * that stops counting them (call it once done).
   */
  admit(lines: number): () => void {
    if (this.pending + lines > this.config.maxPendingLines) {
      throw new LogError(
        LogErrorCode.OVERLOADED,
        `The log service has ${this.pending} lines waiting to be stored (limit ${this.config.maxPendingLines}); send these ${lines} lines again after the Retry-After delay`,
      );
    }
    this.pending += lines;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.pending -= lines;
    };
  }
}
