import { AppConfig } from '@bkci/config';
import { InProcessLockService, LockService, RedisLockService } from '@bkci/locking';
import { dataSourceOptions, ensureDatabaseExists } from '@bkci/persistence';
import { sleep, TEST_PROFILE, TestEnvironment, waitFor } from '@bkci/testing';
import Redis from 'ioredis';
import { DataSource, EntityManager, Table } from 'typeorm';
import { DomainEvent } from '../bus/domain-event';
import { EventBus } from '../bus/event-bus';
import { createEventBus } from '../messaging.module';
import { IdempotentConsumer } from './idempotent-consumer';
import { MESSAGING_ENTITIES, MessagingTables1764000000000 } from './messaging-tables';
import { OutboxEventEntity } from './outbox-event.entity';
import { OutboxRelay } from './outbox-relay';
import { OutboxService } from './outbox.service';

/**
 * The outbox against the profile's real database and bus: SQLite + in-process bus (embedded) or
 * MariaDB + RabbitMQ + Redis locks (services). A change and its events commit together, a crash
 * between commit and publish only delays the events, and consumers apply each event once.
 */
describe(`outbox (${TEST_PROFILE})`, () => {
  const env = new TestEnvironment({ BKCI_EVENT_RETRY_DELAY_MS: '100' });
  let config: AppConfig;
  let dataSource: DataSource;
  let redis: Redis | null = null;
  let locks: LockService;
  /** Relays and buses made by the current test, stopped after it (relays before their bus). */
  const stoppers: Array<() => Promise<unknown>> = [];

  beforeAll(async () => {
    config = env.config('ticket');
    await ensureDatabaseExists(config.database);
    const schema = { entities: MESSAGING_ENTITIES, migrations: [MessagingTables1764000000000] };
    dataSource = await new DataSource(dataSourceOptions(config.database, schema)).initialize();
    await dataSource.runMigrations();
    const runner = dataSource.createQueryRunner();
    try {
      await runner.createTable(
        new Table({
          name: 'test_widgets',
          columns: [{ name: 'id', type: 'varchar', length: '32', isPrimary: true }],
        }),
      );
      await runner.createTable(
        new Table({
          name: 'test_counters',
          columns: [
            { name: 'name', type: 'varchar', length: '32', isPrimary: true },
            { name: 'value', type: 'int' },
          ],
        }),
      );
    } finally {
      await runner.release();
    }
    if (TEST_PROFILE === 'services') {
      redis = new Redis(config.redis.url, { lazyConnect: true });
      await redis.connect();
      locks = new RedisLockService(redis, config.redis.keyPrefix);
    } else {
      locks = new InProcessLockService();
    }
  });

  afterEach(async () => {
    for (const stop of stoppers.splice(0).reverse()) await stop();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    redis?.disconnect();
    await env.close();
  });

  function newBus(): EventBus {
    const bus = createEventBus(config);
    stoppers.push(() => bus.close());
    return bus;
  }

  function newRelay(bus: EventBus): OutboxRelay {
    const relay = new OutboxRelay(dataSource, bus, locks, config.app);
    stoppers.push(() => relay.stop());
    return relay;
  }

  async function record(bus: EventBus, queue: string, topic: string): Promise<DomainEvent[]> {
    const received: DomainEvent[] = [];
    await bus.subscribe({ queue, topics: [topic], handle: async (event) => void received.push(event) });
    return received;
  }

  const insertWidget = (manager: EntityManager, id: string) => manager.query('INSERT INTO test_widgets (id) VALUES (?)', [id]);

  async function widgetExists(id: string): Promise<boolean> {
    const rows: unknown[] = await dataSource.query('SELECT id FROM test_widgets WHERE id = ?', [id]);
    return rows.length === 1;
  }

  const outboxRows = (type: string) => dataSource.getRepository(OutboxEventEntity).findBy({ type });

  async function isPublished(eventId: string): Promise<boolean> {
    const row = await dataSource.getRepository(OutboxEventEntity).findOneByOrFail({ id: eventId });
    return row.publishedAt !== null;
  }

  it('delivers an event emitted with a change once the transaction committed', async () => {
    const bus = newBus();
    const seenWidget: boolean[] = [];
    const received: DomainEvent[] = [];
    await bus.subscribe({
      queue: 'ticket.commit',
      topics: ['widget.created'],
      handle: async (event) => {
        seenWidget.push(await widgetExists((event.payload as { widgetId: string }).widgetId));
        received.push(event);
      },
    });
    const relay = newRelay(bus);
    relay.start();
    const outbox = new OutboxService(dataSource, relay, config.app);

    const emitted = await outbox.transaction(async (tx) => {
      await insertWidget(tx.manager, 'w-commit');
      return tx.emit('widget.created', { widgetId: 'w-commit' });
    });

    await waitFor(() => received.length === 1, 5000, 'the delivery');
    expect(received[0]).toEqual(emitted);
    expect(emitted.source).toBe('ticket');
    expect(seenWidget).toEqual([true]);
    await waitFor(() => isPublished(emitted.id), 5000, 'publishedAt');
  });

  it('stores neither the change nor its event when the transaction throws', async () => {
    const bus = newBus();
    const received = await record(bus, 'ticket.rollback', 'widget.rejected');
    const relay = newRelay(bus);
    relay.start();
    const outbox = new OutboxService(dataSource, relay, config.app);

    await expect(
      outbox.transaction(async (tx) => {
        await insertWidget(tx.manager, 'w-rolled-back');
        tx.emit('widget.rejected', { widgetId: 'w-rolled-back' });
        throw new Error('validation failed after the write');
      }),
    ).rejects.toThrow('validation failed after the write');

    expect(await widgetExists('w-rolled-back')).toBe(false);
    expect(await outboxRows('widget.rejected')).toEqual([]);

    // The relay sends in write order: once a later event arrived, an earlier one would have too.
    const later = await outbox.transaction(async (tx) => {
      await insertWidget(tx.manager, 'w-later');
      return tx.emit('widget.rejected', { widgetId: 'w-later' });
    });
    await waitFor(() => received.length >= 1, 5000, 'the later event');
    expect(received.map((event) => event.id)).toEqual([later.id]);
  });

  it('publishes events committed just before a crash once a new relay starts', async () => {
    const received = await record(newBus(), 'ticket.recovery', 'widget.recovered');
    // The app that wrote the change "crashed" right after commit: its relay never ran.
    const crashedRelay = newRelay(newBus());
    const crashedApp = new OutboxService(dataSource, crashedRelay, config.app);
    const emitted = await crashedApp.transaction(async (tx) => {
      await insertWidget(tx.manager, 'w-recovered');
      return tx.emit('widget.recovered', { widgetId: 'w-recovered' });
    });

    expect(await widgetExists('w-recovered')).toBe(true);
    expect(await isPublished(emitted.id)).toBe(false);
    await sleep(300);
    expect(received).toEqual([]);

    // The restarted app gets a new bus and relay; starting it sends what was left behind.
    const restartedRelay = newRelay(newBus());
    restartedRelay.start();
    await waitFor(() => received.length === 1, 5000, 'the recovered event');
    expect(received[0]).toEqual(emitted);
    await waitFor(() => isPublished(emitted.id), 5000, 'publishedAt');
  });

  it('publishes stored events in the order they were written, even within one second', async () => {
    const bus = newBus();
    const received = await record(bus, 'ticket.order', 'step.done');
    const relay = newRelay(bus);
    const outbox = new OutboxService(dataSource, relay, config.app);
    await outbox.transaction(async (tx) => {
      for (let n = 0; n < 10; n++) tx.emit('step.done', { n });
    });
    for (let n = 10; n < 20; n++) await outbox.transaction(async (tx) => void tx.emit('step.done', { n }));

    relay.start(); // everything is already stored: the relay alone decides the order
    await waitFor(() => received.length === 20, 5000, 'all steps');
    expect(received.map((event) => (event.payload as { n: number }).n)).toEqual(Array.from({ length: 20 }, (_, n) => n));
  });

  it('applies a redelivered event once (idempotent consumer)', async () => {
    await dataSource.query('INSERT INTO test_counters (name, value) VALUES (?, ?)', ['bumps', 0]);
    const bus = newBus();
    const relay = newRelay(bus);
    const consumer = new IdempotentConsumer(new OutboxService(dataSource, relay, config.app));
    const outcomes: boolean[] = [];
    await bus.subscribe({
      queue: 'ticket.counter',
      topics: ['counter.bumped'],
      handle: async (event) => {
        const applied = await consumer.apply('test-counter', event, async ({ manager }) => {
          await manager.query('UPDATE test_counters SET value = value + 1 WHERE name = ?', ['bumps']);
        });
        outcomes.push(applied);
      },
    });
    relay.start();
    const emitted = await new OutboxService(dataSource, relay, config.app).transaction(async (tx) =>
      tx.emit('counter.bumped', { by: 1 }),
    );
    await waitFor(() => outcomes.length === 1, 5000, 'the first delivery');

    // The relay sends it again (it crashed before marking the row published) ...
    await dataSource.getRepository(OutboxEventEntity).update(emitted.id, { publishedAt: null });
    relay.nudge();
    await waitFor(() => outcomes.length === 2, 5000, 'the re-send');
    // ... and the broker redelivers the identical event once more.
    await bus.publish(structuredClone(emitted));
    await waitFor(() => outcomes.length === 3, 5000, 'the redelivery');

    expect(outcomes).toEqual([true, false, false]);
    const [counter] = await dataSource.query('SELECT value FROM test_counters WHERE name = ?', ['bumps']);
    expect(Number(counter.value)).toBe(1);
    const marks = await dataSource.query('SELECT event_id FROM processed_events WHERE consumer = ?', ['test-counter']);
    expect(marks).toEqual([{ event_id: emitted.id }]);
  });
});
