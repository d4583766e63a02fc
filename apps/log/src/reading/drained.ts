import type { Writable } from 'node:stream';

/** Resolves when `out` can take more, or is closed (a client that went away never drains). */
export function drained(out: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
