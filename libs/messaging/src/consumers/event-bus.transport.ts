import { ArgumentsHost, Catch, RpcExceptionFilter } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { isObservable, lastValueFrom, Observable, throwError } from 'rxjs';
import { DomainEvent } from '../bus/domain-event';
import { EventBus } from '../bus/event-bus';

/** The `extras` of an `@EventPattern` on the bus: which queue the handler consumes from. */
export interface EventConsumerOptions {
  /**
   * The queue's purpose (`template-instances`); the queue is `<app>.<purpose>`, so each app gets
   * its own copy of an event and a consumer written in a shared library needs no app name.
   * Handlers naming the same queue share it: one subscription, so replicas compete for its events.
   */
  queue: string;
  /** Every running instance gets every event (cache invalidation); no retries, no parking. */
  broadcast?: boolean;
}

interface Consumer {
  topic: string;
  handler: MessageHandler;
  options: EventConsumerOptions;
}

/**
 * The event bus as a Nest transport: consumers are `@EventPattern(topic, { queue })` methods of
 * controllers, and on `listen` this subscribes once per queue with all of its topics. Retries,
 * parking, broadcast queues and the wait for running handlers at shutdown stay the bus's own
 * (RabbitMQ or in-process); this only routes each delivered event to its method.
 */
export class EventBusTransport extends Server implements CustomTransportStrategy {
  private readonly consumers: Consumer[] = [];

  constructor(
    private readonly bus: EventBus,
    private readonly app: string,
  ) {
    super();
  }

  /**
   * Kept per handler: Nest chains the event handlers of one pattern so that calling one runs them
   * all, but two queues bound to one topic must each get their own delivery (and retry).
   */
  override addHandler(pattern: unknown, handler: MessageHandler, isEventHandler = false, extras: Record<string, unknown> = {}): void {
    const options = extras as Partial<EventConsumerOptions>;
    if (!isEventHandler) throw new Error(`@MessagePattern(${String(pattern)}): the event bus carries events, not requests`);
    if (typeof pattern !== 'string' || typeof options.queue !== 'string') {
      throw new Error(`@EventPattern(${String(pattern)}) needs a topic and { queue } to be consumed from the event bus`);
    }
    this.consumers.push({ topic: pattern, handler, options: { queue: options.queue, broadcast: options.broadcast ?? false } });
  }

  /** Resolves (through `callback`) once every queue is consuming. */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      for (const [queue, consumers] of this.byQueue()) {
        const byTopic = new Map(consumers.map((consumer) => [consumer.topic, consumer]));
        await this.bus.subscribe({
          queue: `${this.app}.${queue}`,
          topics: consumers.map((consumer) => consumer.topic),
          broadcast: consumers[0].options.broadcast,
          handle: (event) => this.dispatch(byTopic, event),
        });
      }
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /** The bus is closed by MessagingModule after the outbox relay stops (before this is called). */
  close(): void {}

  on(): never {
    throw new Error('The event bus transport has no events to listen to');
  }

  unwrap<T>(): T {
    return this.bus as T;
  }

  private byQueue(): Map<string, Consumer[]> {
    const queues = new Map<string, Consumer[]>();
    for (const consumer of this.consumers) {
      const shared = queues.get(consumer.options.queue) ?? [];
      if (shared.some((other) => other.options.broadcast !== consumer.options.broadcast)) {
        throw new Error(`Queue ${consumer.options.queue}: its handlers disagree on broadcast`);
      }
      if (shared.some((other) => other.topic === consumer.topic)) {
        throw new Error(`Queue ${consumer.options.queue}: two handlers for ${consumer.topic}`);
      }
      queues.set(consumer.options.queue, [...shared, consumer]);
    }
    return queues;
  }

  /**
   * Nest's handler catches the method's error and answers an erroring Observable (RPC style);
   * awaiting it throws that error here, so the bus sees the failure and retries or parks the event.
   */
  private async dispatch(byTopic: Map<string, Consumer>, event: DomainEvent): Promise<void> {
    const consumer = byTopic.get(event.type);
    // The queue is bound to its consumers' topics only; anything else is a wiring mistake, parked, not dropped.
    if (!consumer) throw new Error(`No consumer on this queue for ${event.type}`);
    const result: unknown = await consumer.handler(event);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }
}

/**
 * Nest's default RPC filter replaces any error with `{ status: 'error', message: 'Internal server
 * error' }`; this passes the handler's own error on, so the bus logs and records the real reason.
 */
@Catch()
export class RethrowEventErrors implements RpcExceptionFilter {
  catch(exception: unknown, _host: ArgumentsHost): Observable<never> {
    return throwError(() => exception);
  }
}
