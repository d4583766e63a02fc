import { AppConfig } from '@bkci/config';
import { dataSourceOptions, ensureDatabaseExists } from '@bkci/persistence';
import { TestEnvironment, waitFor } from '@bkci/testing';
import type { ChannelWrapper } from 'amqp-connection-manager';
import { ChannelModel, ConfirmChannel, connect, GetMessage } from 'amqplib';
import { DataSource, Table } from 'typeorm';
import { IdempotentConsumer } from '../outbox/idempotent-consumer';
import { MESSAGING_ENTITIES, MessagingTables1764000000000 } from '../outbox/messaging-tables';
import { OutboxRelay } from '../outbox/outbox-relay';
import { OutboxService } from '../outbox/outbox.service';
import { InProcessLockService } from '@bkci/locking';
import { createEvent, DomainEvent } from './domain-event';
import { RabbitMqEventBus } from './rabbitmq-event-bus';

/**
 * What only RabbitMQ can show: messages parked on the broker's own `.parking` queue, payloads
 * that are not JSON, redelivery of a message whose consumer died before the ack, and publisher
 * confirms. The broker is inspected with a plain amqplib channel.
 */
const MAX_ATTEMPTS = 3;
const RETRY_DELAY_MS = 100;

/** Closes the channels a bus consumes on, as they are lost when its process dies (reaches into the adapter). */
async function loseConsumerChannels(bus: RabbitMqEventBus): Promise<void> {
  const { consumers } = bus as unknown as { consumers: ChannelWrapper[] };
  await Promise.all(consumers.map((channel) => channel.close()));
}

describe('RabbitMQ event bus (services)', () => {
  const env = new TestEnvironment({
    BKCI_EVENT_MAX_ATTEMPTS: String(MAX_ATTEMPTS),
    BKCI_EVENT_RETRY_DELAY_MS: String(RETRY_DELAY_MS),
  });
  let config: AppConfig;
  let broker: ChannelModel;
  let raw: ConfirmChannel;
  let dataSource: DataSource;
  const buses: RabbitMqEventBus[] = [];

  beforeAll(async () => {
    config = env.config('process');
    broker = await connect(config.rabbitmq.url);
    raw = await broker.createConfirmChannel();
    await raw.assertExchange(config.rabbitmq.exchange, 'topic', { durable: true });
    await ensureDatabaseExists(config.database);
    const schema = { entities: MESSAGING_ENTITIES, migrations: [MessagingTables1764000000000] };
    dataSource = await new DataSource(dataSourceOptions(config.database, schema)).initialize();
    await dataSource.runMigrations();
    const runner = dataSource.createQueryRunner();
    await runner.createTable(
      new Table({
        name: 'test_counters',
        columns: [
          { name: 'name', type: 'varchar', length: '32', isPrimary: true },
          { name: 'value', type: 'int' },
        ],
      }),
    );
    await runner.release();
  });

  afterEach(async () => {
    for (const bus of buses.splice(0)) await bus.close();
  });

  afterAll(async () => {
    await raw?.deleteExchange(config.rabbitmq.exchange);
    await broker?.close();
    await dataSource?.destroy();
    await env.close();
  });

  function newBus(): RabbitMqEventBus {
    const bus = new RabbitMqEventBus(config.rabbitmq);
    buses.push(bus);
    return bus;
  }

  const queueName = (queue: string) => `${config.rabbitmq.queuePrefix}${queue}`;
  const event = (type: string, payload: unknown = {}) => createEvent(type, 'process', payload);
  const readyCount = async (queue: string) => (await raw.checkQueue(queueName(queue))).messageCount;

  async function nextMessage(queue: string): Promise<GetMessage> {
    let message: GetMessage | false = false;
    await waitFor(async () => (message = await raw.get(queueName(queue), { noAck: true })) !== false, 5000, `a message on ${queue}`);
    return message as unknown as GetMessage;
  }

  it('parks a poison message after maxAttempts with its attempt count, without blocking the queue', async () => {
    const bus = newBus();
    let attempts = 0;
    const handled: DomainEvent[] = [];
    await bus.subscribe({
      queue: 'svc.poison',
      topics: ['audit.#'],
      handle: async (e) => {
        if (e.type !== 'audit.poison') return void handled.push(e);
        attempts++;
        throw new Error('cannot apply this event');
      },
    });

    const poison = event('audit.poison', { n: 1 });
    await bus.publish(poison);
    await bus.publish(event('audit.after'));
    await waitFor(() => handled.length === 1, 5000, 'the event behind the poison one');
    expect(attempts).toBeLessThan(MAX_ATTEMPTS);

    const parked = await nextMessage('svc.poison.parking');
    expect(JSON.parse(parked.content.toString('utf8'))).toEqual(poison);
    expect(parked.properties.messageId).toBe(poison.id);
    expect(parked.properties.headers?.['x-bkci-attempt']).toBe(MAX_ATTEMPTS);
    expect(String(parked.properties.headers?.['x-bkci-last-error'])).toBe('cannot apply this event');
    expect(attempts).toBe(MAX_ATTEMPTS);
    expect(await readyCount('svc.poison')).toBe(0);
    expect(await readyCount('svc.poison.retry')).toBe(0);

    await bus.publish(event('audit.later'));
    await waitFor(() => handled.length === 2, 5000, 'an event after parking');
    expect(handled.map((e) => e.type)).toEqual(['audit.after', 'audit.later']);
    expect(attempts).toBe(MAX_ATTEMPTS);
  });

  it('parks a message that is not JSON at once, without calling the handler', async () => {
    const bus = newBus();
    const handled: DomainEvent[] = [];
    await bus.subscribe({ queue: 'svc.raw', topics: ['raw.#'], handle: async (e) => void handled.push(e) });

    raw.publish(config.rabbitmq.exchange, 'raw.garbage', Buffer.from('{not json'), { persistent: true });
    await raw.waitForConfirms();
    const valid = event('raw.valid');
    await bus.publish(valid);

    const parked = await nextMessage('svc.raw.parking');
    expect(parked.content.toString('utf8')).toBe('{not json');
    expect(parked.properties.headers?.['x-bkci-attempt']).toBe(1);
    expect(String(parked.properties.headers?.['x-bkci-last-error'])).toBe('payload is not JSON');
    await waitFor(() => handled.length === 1, 5000, 'the valid event');
    expect(handled).toEqual([valid]);
    expect(await readyCount('svc.raw.retry')).toBe(0);
  });

  it('redelivers a message whose consumer died before the ack; the idempotent consumer applies it once', async () => {
    await dataSource.query('INSERT INTO test_counters (name, value) VALUES (?, ?)', ['bumps', 0]);
    // The relay is never started: this consumer emits nothing, it only needs a transaction.
    const relay = new OutboxRelay(dataSource, newBus(), new InProcessLockService(), config.app);
    const consumer = new IdempotentConsumer(new OutboxService(dataSource, relay, config.app));
    const apply = (e: DomainEvent) =>
      consumer.apply('test-counter', e, ({ manager }) =>
        manager.query('UPDATE test_counters SET value = value + 1 WHERE name = ?', ['bumps']),
      );
    const outcomes: string[] = [];
    let release: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (release = resolve));

    const dying = newBus();
    await dying.subscribe({
      queue: 'svc.crash',
      topics: ['counter.bumped'],
      handle: async (e) => {
        outcomes.push(`first:${await apply(e)}`);
        await stuck; // the process dies here: the change is committed, the message is not acked
      },
    });
    const bumped = event('counter.bumped');
    await newBus().publish(bumped);
    await waitFor(() => outcomes.length === 1, 5000, 'the first delivery');
    await loseConsumerChannels(dying);
    release();

    const received: DomainEvent[] = [];
    const survivor = newBus();
    await survivor.subscribe({
      queue: 'svc.crash',
      topics: ['counter.bumped'],
      handle: async (e) => {
        received.push(e);
        outcomes.push(`second:${await apply(e)}`);
      },
    });

    await waitFor(() => outcomes.length === 2, 5000, 'the redelivery');
    expect(received).toEqual([bumped]);
    expect(outcomes).toEqual(['first:true', 'second:false']);
    const [counter] = await dataSource.query('SELECT value FROM test_counters WHERE name = ?', ['bumps']);
    expect(Number(counter.value)).toBe(1);
    await waitFor(async () => (await readyCount('svc.crash')) === 0, 5000, 'an empty queue');
  });

  it('resolves publish only once the broker has the message', async () => {
    const probe = queueName('svc.confirm-probe');
    await raw.assertQueue(probe, { exclusive: true, autoDelete: true });
    await raw.bindQueue(probe, config.rabbitmq.exchange, 'confirm.#');
    const bus = newBus();

    for (let i = 0; i < 20; i++) {
      const published = event('confirm.probe', { i });
      await bus.publish(published);
      // No waiting: a publish that resolved before the broker routed the message would miss here.
      const message = await raw.get(probe, { noAck: true });
      expect(message && JSON.parse(message.content.toString('utf8'))).toEqual(published);
    }
  });
});
