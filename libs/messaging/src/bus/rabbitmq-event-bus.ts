import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import amqp, { AmqpConnectionManager, ChannelWrapper } from 'amqp-connection-manager';
import type { ConfirmChannel, ConsumeMessage } from 'amqplib';
import { withTimeout } from '@bkci/core';
import { DomainEvent } from './domain-event';
import { EventBus, EventSubscription } from './event-bus';
import { InFlight } from './in-flight';
import { RetryPolicy } from './in-process-event-bus';

const ATTEMPT_HEADER = 'x-bkci-attempt';
const ERROR_HEADER = 'x-bkci-last-error';
const CONNECT_TIMEOUT_MS = 15_000;
const PREFETCH = 10;

export interface RabbitMqSettings extends RetryPolicy {
  url: string;
  exchange: string;
  queuePrefix: string;
  queueExpiresMs: number;
}

/**
 * Events on a durable RabbitMQ topic exchange. Each subscription queue `q` comes with:
 * - `q.retry`: a failed message waits there for the retry delay (queue TTL), then dead-letters
 *   back into `q` (RabbitMQ 3.10 here has no delayed-message plugin);
 * - `q.parking`: where a message goes after its last attempt, or at once when it is not JSON.
 * Publishing and re-routing use publisher confirms, and a delivery is acked only after the
 * handler succeeded or the message was safely moved, so a crash at any point loses nothing.
 */
export class RabbitMqEventBus extends EventBus {
  private readonly logger = new Logger(RabbitMqEventBus.name);
  private readonly connection: AmqpConnectionManager;
  private readonly publisher: ChannelWrapper;
  private readonly consumers: ChannelWrapper[] = [];
  private readonly inFlight = new InFlight();

  constructor(private readonly settings: RabbitMqSettings) {
    super();
    // noDelay: with Nagle's algorithm on, a publish whose frames span two writes waited for the
    // broker's delayed ACK (40 ms) before its confirm came back, on about one event in three.
    this.connection = amqp.connect([settings.url], { heartbeatIntervalInSeconds: 10, connectionOptions: { noDelay: true } });
    this.connection.on('disconnect', ({ err }) => this.logger.warn(`RabbitMQ disconnected: ${err?.message ?? 'closed'}`));
    this.publisher = this.connection.createChannel({
      confirm: true,
      setup: (channel: ConfirmChannel) => channel.assertExchange(settings.exchange, 'topic', { durable: true }),
    });
  }

  async publish(event: DomainEvent): Promise<void> {
    await this.publisher.publish(this.settings.exchange, event.type, Buffer.from(JSON.stringify(event)), {
      persistent: true,
      messageId: event.id,
      contentType: 'application/json',
      timeout: CONNECT_TIMEOUT_MS,
    });
  }

  async subscribe(subscription: EventSubscription): Promise<void> {
    const name = `${this.settings.queuePrefix}${subscription.queue}`;
    const queue = subscription.broadcast ? `${name}.${randomUUID()}` : name;
    const { exchange, retryDelayMs, queueExpiresMs } = this.settings;
    const expiry = queueExpiresMs > 0 ? { expires: queueExpiresMs } : {};
    const channel = this.connection.createChannel({
      confirm: true,
      setup: async (ch: ConfirmChannel) => {
        await ch.assertExchange(exchange, 'topic', { durable: true });
        if (subscription.broadcast) {
          await ch.assertQueue(queue, { exclusive: true, autoDelete: true });
        } else {
          await ch.assertQueue(queue, { durable: true, ...expiry });
          await ch.assertQueue(`${queue}.retry`, {
            durable: true,
            ...expiry,
            messageTtl: retryDelayMs,
            deadLetterExchange: '',
            deadLetterRoutingKey: queue,
          });
          await ch.assertQueue(`${queue}.parking`, { durable: true, ...expiry });
        }
        for (const topic of subscription.topics) await ch.bindQueue(queue, exchange, topic);
      },
    });
    this.consumers.push(channel);
    await withTimeout(channel.waitForConnect(), CONNECT_TIMEOUT_MS, `RabbitMQ at ${redact(this.settings.url)}`);
    await channel.consume(queue, (message) => void this.onMessage(channel, queue, subscription, message), {
      prefetch: PREFETCH,
    });
  }

  async check(): Promise<void> {
    if (!this.connection.isConnected()) throw new Error('not connected to RabbitMQ');
  }

  async close(): Promise<void> {
    await Promise.all(this.consumers.map((channel) => channel.cancelAll().catch(() => undefined)));
    await this.inFlight.drained(10_000);
    await Promise.all([...this.consumers, this.publisher].map((channel) => channel.close().catch(() => undefined)));
    await this.connection.close();
  }

  private async onMessage(
    channel: ChannelWrapper,
    queue: string,
    subscription: EventSubscription,
    message: ConsumeMessage,
  ): Promise<void> {
    const attempt = Number(message.properties.headers?.[ATTEMPT_HEADER] ?? 0) + 1;
    let event: DomainEvent;
    try {
      event = JSON.parse(message.content.toString('utf8')) as DomainEvent;
    } catch {
      await this.moveAndAck(channel, message, `${queue}.parking`, attempt, 'payload is not JSON');
      return;
    }
    try {
      await this.inFlight.track(() => subscription.handle(event));
      channel.ack(message);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      if (subscription.broadcast) {
        this.logger.warn(`Broadcast handler on ${queue} failed for ${event.type}: ${reason}`);
        channel.ack(message);
        return;
      }
      const parking = attempt >= this.settings.maxAttempts;
      if (parking) this.logger.error(`Parking event ${event.id} (${event.type}) on ${queue} after ${attempt} attempts: ${reason}`);
      await this.moveAndAck(channel, message, parking ? `${queue}.parking` : `${queue}.retry`, attempt, reason);
    }
  }

  /** Copies the message to `target` and acks the original only once the broker confirmed the copy. */
  private async moveAndAck(
    channel: ChannelWrapper,
    message: ConsumeMessage,
    target: string,
    attempt: number,
    reason: string,
  ): Promise<void> {
    try {
      await channel.sendToQueue(target, message.content, {
        ...message.properties,
        persistent: true,
        headers: { ...message.properties.headers, [ATTEMPT_HEADER]: attempt, [ERROR_HEADER]: reason.slice(0, 500) },
      });
      channel.ack(message);
    } catch (error) {
      this.logger.error(`Could not move a message to ${target}, leaving it to be redelivered: ${String(error)}`);
      channel.nack(message, false, true);
    }
  }
}

function redact(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
