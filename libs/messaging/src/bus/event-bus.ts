import { DomainEvent } from './domain-event';

export interface EventSubscription {
  /**
   * Durable queue name, `<app>.<purpose>`. Replicas of an app share the queue and compete for
   * its messages; a broadcast subscription instead gets a private queue per process.
   */
  queue: string;
  /** Routing patterns in topic syntax: `*` matches one word, `#` any number of words. */
  topics: string[];
  handle(event: DomainEvent): Promise<void>;
  /** Every running instance gets every event (cache invalidation); no retries, no parking. */
  broadcast?: boolean;
}

/**
 * The event bus port. A failed handler is retried after a delay; after the configured number of
 * attempts the event is parked (kept aside for an operator) so it never blocks the queue.
 */
export abstract class EventBus {
  /** Resolves once the broker has accepted the event. */
  abstract publish(event: DomainEvent): Promise<void>;
  /** Resolves once the subscription is consuming. */
  abstract subscribe(subscription: EventSubscription): Promise<void>;
  /** Throws when the broker cannot be reached (health check). */
  abstract check(): Promise<void>;
  /** Stops consuming and waits for handlers already running (graceful shutdown). */
  abstract close(): Promise<void>;
}

/** Topic-exchange matching, shared by the in-process adapter and its tests. */
export function topicMatches(pattern: string, routingKey: string): boolean {
  const match = (p: string[], k: string[]): boolean => {
    if (p.length === 0) return k.length === 0;
    const [head, ...rest] = p;
    if (head === '#') return match(rest, k) || (k.length > 0 && match(p, k.slice(1)));
    if (k.length === 0) return false;
    return (head === '*' || head === k[0]) && match(rest, k.slice(1));
  };
  return match(pattern.split('.'), routingKey.split('.'));
}
