import { Worker } from 'node:worker_threads';

/** The thread's whole program: plain JavaScript, so it runs the same from the sources and from dist/. */
const THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const pattern = new RegExp(workerData.source, workerData.flags);
parentPort.on('message', (messages) => {
  const matched = [];
  for (let i = 0; i < messages.length; i++) if (pattern.test(messages[i])) matched.push(i);
  parentPort.postMessage(matched);
});
`;
/** A page of long lines fits; a pattern that needs more is over budget like a slow one. */
const THREAD_HEAP_MB = 256;

/**
 * Tries a user's regex on lines on a thread of its own. Running JavaScript cannot be interrupted,
 * and even a pattern of harmless shape backtracks polynomially (`a*a*a*b` takes minutes on one
 * 16 KB line), so a batch that outlives its time is stopped by terminating the thread.
 */
export class RegexMatcher {
  private readonly worker: Worker;
  private stopped = false;

  constructor(pattern: RegExp) {
    this.worker = new Worker(THREAD_SOURCE, {
      eval: true,
      workerData: { source: pattern.source, flags: pattern.flags },
      resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB },
    });
  }

  /**
   * The indexes of the messages the pattern matches, or null when `timeoutMs` ran out first or the
   * thread ran out of memory (the matcher is then closed).
   */
  match(messages: string[], timeoutMs: number): Promise<number[] | null> {
    if (this.stopped) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const done = () => {
        clearTimeout(timer);
        this.worker.off('message', onMessage);
        this.worker.off('error', onError);
      };
      const onMessage = (matched: number[]) => {
        done();
        resolve(matched);
      };
      const onError = (error: Error & { code?: string }) => {
        done();
        this.stopped = true;
        if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') resolve(null);
        else reject(error);
      };
      const timer = setTimeout(() => {
        done();
        void this.close();
        resolve(null);
      }, timeoutMs);
      this.worker.on('message', onMessage);
      this.worker.on('error', onError);
      this.worker.postMessage(messages);
    });
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.worker.terminate();
  }
}
