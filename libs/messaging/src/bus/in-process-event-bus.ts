import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DomainEvent } from './domain-event';
import { EventBus, EventSubscription, topicMatches } from './event-bus';
import { InFlight } from './in-flight';

interface Consumer {
  bus: InProcessEventBus;
  subscription: EventSubscription;
}

/**
 * The queues of the one process the embedded profile runs in, shared by all its apps as they
 * would share RabbitMQ. Consumers of one queue take turns; each queue gets its own copy.
 */
const queues = new Map<string, Consumer[]>();
const parkedEvents = new Map<string, DomainEvent[]>();

export interface RetryPolicy {
  maxAttempts: number;
  retryDelayMs: number;
}

export class InProcessEventBus extends EventBus {
  private readonly logger = new Logger(InProcessEventBus.name);
  private readonly inFlight = new InFlight();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly retry: RetryPolicy) {
    super();
  }

  /** Events parked on a queue after their last failed attempt. */
  static parked(queue: string): DomainEvent[] {
    return parkedEvents.get(queue) ?? [];
  }

  /** Resolves after every matching queue's first delivery attempt, so the relay can count it as handed over. */
  async publish(event: DomainEvent): Promise<void> {
    const deliveries: Promise<void>[] = [];
    for (const [queue, consumers] of queues) {
      const consumer = consumers[0];
      if (!consumer || !consumer.subscription.topics.some((topic) => topicMatches(topic, event.type))) continue;
      consumers.push(consumers.shift()!);
      deliveries.push(consumer.bus.deliver(queue, consumer.subscription, structuredClone(event), 1));
    }
    await Promise.all(deliveries);
  }

  async subscribe(subscription: EventSubscription): Promise<void> {
    const queue = subscription.broadcast ? `${subscription.queue}.${randomUUID()}` : subscription.queue;
    const consumers = queues.get(queue) ?? [];
    consumers.push({ bus: this, subscription });
    queues.set(queue, consumers);
  }

  async check(): Promise<void> {
    if (this.closed) throw new Error('event bus is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const [queue, consumers] of queues) {
      const remaining = consumers.filter((consumer) => consumer.bus !== this);
      if (remaining.length > 0) queues.set(queue, remaining);
      else queues.delete(queue);
    }
    this.timers.forEach((timer) => clearTimeout(timer));
    await this.inFlight.drained(10_000);
  }

  private async deliver(queue: string, subscription: EventSubscription, event: DomainEvent, attempt: number): Promise<void> {
    try {
      await this.inFlight.track(() => subscription.handle(event));
    } catch (error) {
      if (subscription.broadcast) return;
      if (attempt >= this.retry.maxAttempts) {
        this.logger.error(`Parking event ${event.id} (${event.type}) on ${queue} after ${attempt} attempts: ${String(error)}`);
        parkedEvents.set(queue, [...InProcessEventBus.parked(queue), event]);
        return;
      }
      if (this.closed) return;
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void this.deliver(queue, subscription, event, attempt + 1);
      }, this.retry.retryDelayMs);
      this.timers.add(timer);
    }
  }
}
