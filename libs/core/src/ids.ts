import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * BK-CI ids are 32 lowercase hex characters. Ours start with the creation time in milliseconds
 * and a per-process counter (like UUIDv7), so ids sort in creation order within a process: the
 * outbox relay publishes by id, in the order events were written. The clock never runs back.
 */
export function newId(): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    sequence = 0;
  } else {
    sequence++;
  }
  return `${lastMs.toString(16).padStart(12, '0')}${sequence.toString(16).padStart(6, '0')}${randomBytes(7).toString('hex')}`;
}
