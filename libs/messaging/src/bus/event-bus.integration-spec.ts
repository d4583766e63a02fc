import { AppConfig } from '@bkci/config';
import { sleep, TEST_PROFILE, TestEnvironment, waitFor } from '@bkci/testing';
import { createEventBus } from '../messaging.module';
import { createEvent, DomainEvent } from './domain-event';
import { EventBus, EventSubscription } from './event-bus';
import { InProcessEventBus } from './in-process-event-bus';

/**
 * The event bus contract, run against the profile's real adapter: the in-process bus in the
 * embedded profile, RabbitMQ in the services one. Parking on RabbitMQ is checked on the broker's
 * own queue in rabbitmq-event-bus.services-spec.ts.
 */
const MAX_ATTEMPTS = 3;
const RETRY_DELAY_MS = 200;

describe(`event bus (${TEST_PROFILE})`, () => {
  const env = new TestEnvironment({
    BKCI_EVENT_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    BKCI_EVENT_RETRY_DELAY_MS: String(RETRY_DELAY_MS),
  });
  let config: AppConfig;
  const buses: EventBus[] = [];

  beforeAll(() => {
    config = env.config('process');
  });

  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
  });

  afterAll(async () => {
    await env.close();
  });

  function newBus(): EventBus {
    const bus = createEventBus(config);
    buses.push(bus);
    return bus;
  }

  /** Subscribes a handler that records every event it is given before running `then`. */
  async function record(
    bus: EventBus,
    queue: string,
    topics: string[],
    then: (event: DomainEvent) => Promise<void> = async () => undefined,
  ): Promise<DomainEvent[]> {
    const received: DomainEvent[] = [];
    const subscription: EventSubscription = {
      queue,
      topics,
      handle: async (event) => {
        received.push(event);
        await then(event);
      },
    };
    await bus.subscribe(subscription);
    return received;
  }

  const event = (type: string, payload: unknown = {}) => createEvent(type, 'process', payload);
  const types = (events: DomainEvent[]) => events.map((e) => e.type);

  it('routes by topic: `*` matches one word, `#` any number of words', async () => {
    const bus = newBus();
    const star = await record(bus, 'routing.star', ['build.*']);
    const hash = await record(bus, 'routing.hash', ['build.#']);
    const exact = await record(bus, 'routing.exact', ['build.stage.finished', 'build.end']);

    for (const type of ['build.started', 'build.stage.finished', 'build', 'pipeline.build.started', 'buildx.started']) {
      await bus.publish(event(type));
    }
    // Each queue is FIFO, so once the last event arrived every earlier match has arrived too.
    await bus.publish(event('build.zz.end'));
    await bus.publish(event('build.end'));
    const ended = (events: DomainEvent[]) => events.some((e) => e.type === 'build.end');
    await waitFor(() => ended(star) && ended(hash) && ended(exact), 5000, 'the end markers');

    expect(types(star)).toEqual(['build.started', 'build.end']);
    expect(types(hash)).toEqual(['build.started', 'build.stage.finished', 'build', 'build.zz.end', 'build.end']);
    expect(types(exact)).toEqual(['build.stage.finished', 'build.end']);
  });

  it('gives every queue bound to a topic its own copy of the event', async () => {
    const publisher = newBus();
    const notify = await record(newBus(), 'copies.notify', ['build.finished']);
    const quality = await record(newBus(), 'copies.quality', ['build.#']);

    const finished = event('build.finished', { buildId: 'b-1' });
    await publisher.publish(finished);

    await waitFor(() => notify.length === 1 && quality.length === 1, 5000, 'both queues');
    expect(notify[0]).toEqual(finished);
    expect(quality[0]).toEqual(finished);
  });

  it('lets subscribers of one queue compete: each event is handled once in total', async () => {
    const publisher = newBus();
    const replicaA = await record(newBus(), 'compete.jobs', ['job.queued']);
    const replicaB = await record(newBus(), 'compete.jobs', ['job.queued']);

    const published = Array.from({ length: 10 }, (_, i) => event('job.queued', { n: i }));
    for (const e of published) await publisher.publish(e);

    await waitFor(() => replicaA.length + replicaB.length >= published.length, 5000, 'all jobs');
    const handled = [...replicaA, ...replicaB].map((e) => e.id);
    expect(handled).toHaveLength(published.length);
    expect(new Set(handled)).toEqual(new Set(published.map((e) => e.id)));
    expect(replicaA.length).toBeGreaterThan(0);
    expect(replicaB.length).toBeGreaterThan(0);
  });

  it('retries a failing handler after a delay until it succeeds', async () => {
    const bus = newBus();
    let attempts = 0;
    const succeeded: DomainEvent[] = [];
    await bus.subscribe({
      queue: 'retry.flaky',
      topics: ['notify.requested'],
      handle: async (e) => {
        attempts++;
        if (attempts < 3) throw new Error(`transient failure ${attempts}`);
        succeeded.push(e);
      },
    });

    const requested = event('notify.requested', { to: 'alice' });
    const startedAt = Date.now();
    await bus.publish(requested);

    await waitFor(() => succeeded.length === 1, 5000, 'the third attempt');
    expect(attempts).toBe(3);
    expect(succeeded[0]).toEqual(requested);
    // Two failures, each followed by the retry delay (allow a little timer slack).
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(2 * RETRY_DELAY_MS - 20);
    if (TEST_PROFILE === 'embedded') expect(InProcessEventBus.parked('retry.flaky')).toEqual([]);
  });

  it('parks a poison event after maxAttempts without blocking later events', async () => {
    const bus = newBus();
    let poisonAttempts = 0;
    const handled = await record(bus, 'poison.audit', ['audit.#'], async (e) => {
      if (e.type === 'audit.poison') {
        poisonAttempts++;
        throw new Error('cannot apply this event');
      }
    });

    const poison = event('audit.poison');
    await bus.publish(poison);
    await bus.publish(event('audit.first'));
    // A later event is handled while the poison one is still being retried.
    await waitFor(() => handled.some((e) => e.type === 'audit.first'), 5000, 'the event after the poison');
    expect(poisonAttempts).toBeLessThan(MAX_ATTEMPTS);

    if (TEST_PROFILE === 'embedded') {
      await waitFor(() => InProcessEventBus.parked('poison.audit').length === 1, 5000, 'the parked event');
      expect(InProcessEventBus.parked('poison.audit')[0]).toEqual(poison);
    } else {
      await waitFor(() => poisonAttempts === MAX_ATTEMPTS, 5000, 'the last attempt');
      await sleep(3 * RETRY_DELAY_MS); // a further attempt would come after one retry delay
    }
    expect(poisonAttempts).toBe(MAX_ATTEMPTS);

    await bus.publish(event('audit.second'));
    await waitFor(() => handled.some((e) => e.type === 'audit.second'), 5000, 'the event after parking');
    expect(poisonAttempts).toBe(MAX_ATTEMPTS);
    expect(types(handled).filter((t) => t !== 'audit.poison')).toEqual(['audit.first', 'audit.second']);
  });

  it('waits on close for a handler that is still running', async () => {
    const bus = createEventBus(config);
    let finished = false;
    let started = false;
    await bus.subscribe({
      queue: 'drain.slow',
      topics: ['drain.slow'],
      handle: async () => {
        started = true;
        await sleep(300);
        finished = true;
      },
    });
    void bus.publish(event('drain.slow'));
    await waitFor(() => started, 5000, 'the handler to start');
    await bus.close();
    expect(finished).toBe(true);
  });
});
