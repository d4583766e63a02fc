import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import type { Writable } from 'node:stream';
import { drained } from './drained';
import { LogStreamQueryDto } from './dto/log-query.dto';
import { toLogLine } from './log-answers';
import { logFilter, LogScope } from './log-read.service';
import { LogReadStore } from './log-read.store';
import { LogTailHub } from './log-tail.hub';

/** Lines per query while a tail catches up. */
const TAIL_PAGE = 1000;
/** Read the store this often even without an event, so a lost event delays a tail and never stalls it. */
const POLL_MS = 2000;
/** A comment this often keeps proxies from closing a quiet stream. */
const HEARTBEAT_MS = 15_000;

/**
 * The live tail (Server-Sent Events): every line after the client's last one (`Last-Event-ID`, a
 * line number, else `?start=`), then each line as it is stored, then `event: end` once the log is
 * finished and all of it was sent. The store is the only source of lines: events and the poll only
 * say when to read it, so whichever replica serves the tail sends each line once and in order.
 */
@Injectable()
export class LogTailService implements BeforeApplicationShutdown {
  private stopping = false;

  constructor(
    private readonly store: LogReadStore,
    private readonly hub: LogTailHub,
  ) {}

  /** Ends every tail (without `end`: clients reconnect with Last-Event-ID, to another replica). */
  beforeApplicationShutdown(): void {
    this.stopping = true;
    this.hub.nudgeAll();
  }

  /** Writes the tail to `out` until the log is finished or the client goes; `out` has its headers set. */
  async tail(scope: LogScope, query: LogStreamQueryDto, lastEventId: string | undefined, out: Writable): Promise<void> {
    const filter = logFilter(query);
    let lastSent = resumeAfter(lastEventId, query.start);
    let closed = false;
    let dirty = false;
    let wake: (() => void) | null = null;
    const nudge = () => {
      dirty = true;
      wake?.();
    };
    const unlisten = this.hub.listen(scope.buildId, nudge);
    const heartbeat = setInterval(() => out.write(': heartbeat\n\n'), HEARTBEAT_MS);
    out.on('close', () => {
      closed = true;
      nudge();
    });
    try {
      while (!closed && !this.stopping) {
        dirty = false;
        // Read `finished` before the lines: every line was stored before the log was marked finished.
        const build = await this.store.build(scope.buildId);
        const foreign = build && (build.projectId !== scope.projectId || build.pipelineId !== scope.pipelineId);
        if (foreign || build?.cleaned) return endStream(out);
        if (build) {
          for (;;) {
            const page = await this.store.lines(scope.buildId, filter, { from: lastSent + 1, limit: TAIL_PAGE });
            for (const line of page) {
              if (closed) return;
              if (!out.write(`id: ${line.lineNo}\ndata: ${JSON.stringify(toLogLine(line))}\n\n`)) await drained(out);
              lastSent = line.lineNo;
            }
            if (page.length < TAIL_PAGE) break;
          }
          if (build.finished) return endStream(out);
        }
        if (!dirty) await waitFor(POLL_MS, (resolve) => (wake = resolve));
        wake = null;
      }
    } finally {
      clearInterval(heartbeat);
      unlisten();
      if (!out.writableEnded) out.end();
    }
  }
}

/** The last line the client has: Last-Event-ID wins over `?start=` (the first line it wants). */
function resumeAfter(lastEventId: string | undefined, start: number | undefined): number {
  const last = Number(lastEventId);
  if (lastEventId !== undefined && Number.isSafeInteger(last) && last >= 0) return last;
  return start !== undefined ? start - 1 : 0;
}

function endStream(out: Writable): void {
  out.write('event: end\ndata: {}\n\n');
}

/** Resolves after `ms`, or earlier when the function handed to `arm` is called. */
function waitFor(ms: number, arm: (resolve: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    arm(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
