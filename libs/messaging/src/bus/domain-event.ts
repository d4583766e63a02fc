import { newId } from '@bkci/core';

/** What travels on the bus. `type` is also the routing key, e.g. `project.members.changed`. */
export interface DomainEvent<T = unknown> {
  id: string;
  type: string;
  /** The app that emitted it. */
  source: string;
  occurredAt: string;
  payload: T;
}

export function createEvent<T>(type: string, source: string, payload: T): DomainEvent<T> {
  return { id: newId(), type, source, occurredAt: new Date().toISOString(), payload };
}
