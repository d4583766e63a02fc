import { Controller, Injectable, Module, OnApplicationBootstrap } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { EventPattern } from '@nestjs/microservices';
import { createEvent, DomainEvent } from '../bus/domain-event';
import { EventBus, EventSubscription } from '../bus/event-bus';
import { startEventConsumers } from './start-event-consumers';

/** Records subscriptions; a test delivers events by calling their `handle` as the bus would. */
class RecordingBus extends EventBus {
  readonly subscriptions: EventSubscription[] = [];
  async publish(): Promise<void> {}
  async subscribe(subscription: EventSubscription): Promise<void> {
    this.subscriptions.push(subscription);
  }
  async check(): Promise<void> {}
  async close(): Promise<void> {}
}

const handled: DomainEvent[] = [];

/** Counts the app's bootstrap: the consumers share the app's container and must not run its hooks again. */
@Injectable()
class Bootstrapped implements OnApplicationBootstrap {
  static times = 0;
  onApplicationBootstrap(): void {
    Bootstrapped.times++;
  }
}

@Controller()
class SampleConsumer {
  @EventPattern('sample.created', { queue: 'samples' })
  async created(event: DomainEvent): Promise<void> {
    handled.push(event);
  }

  @EventPattern('sample.failed', { queue: 'samples' })
  async failed(): Promise<void> {
    throw new Error('the database is gone');
  }

  @EventPattern('sample.created', { queue: 'sample-cache', broadcast: true })
  async forget(event: DomainEvent): Promise<void> {
    handled.push({ ...event, source: 'cache' });
  }
}

describe('event bus transport', () => {
  const bus = new RecordingBus();
  let close: () => Promise<void>;

  beforeAll(async () => {
    @Module({ controllers: [SampleConsumer], providers: [{ provide: EventBus, useValue: bus }, Bootstrapped] })
    class SampleModule {}
    const app = await NestFactory.create(SampleModule, { logger: false });
    await startEventConsumers(app, 'process');
    await app.init();
    close = () => app.close();
  });

  afterAll(() => close());

  const queue = (name: string) => bus.subscriptions.find((s) => s.queue === name)!;

  it('subscribes once per queue, named for the app, with all its topics', () => {
    expect(bus.subscriptions.map(({ queue, topics, broadcast }) => ({ queue, topics, broadcast }))).toEqual([
      { queue: 'process.samples', topics: ['sample.created', 'sample.failed'], broadcast: false },
      { queue: 'process.sample-cache', topics: ['sample.created'], broadcast: true },
    ]);
  });

  it('leaves the lifecycle hooks to the app', () => {
    expect(Bootstrapped.times).toBe(1);
  });

  it('gives each queue its own call of the whole event', async () => {
    const event = createEvent('sample.created', 'process', { id: 'a' });
    await queue('process.samples').handle(event);
    expect(handled).toEqual([event]);
    await queue('process.sample-cache').handle(event);
    expect(handled).toEqual([event, { ...event, source: 'cache' }]);
  });

  it('fails the delivery with the error the handler threw, so the bus retries and parks it', async () => {
    await expect(queue('process.samples').handle(createEvent('sample.failed', 'process', {}))).rejects.toThrow('the database is gone');
  });
});
