import { randomUUID } from 'node:crypto';

/** BK-CI ids are 32 lowercase hex characters (a UUID without dashes). */
export function newId(): string {
  return randomUUID().replace(/-/g, '');
}
