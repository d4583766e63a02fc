import { DynamicModule, Global, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { LockService } from '@bkci/locking';
import { DataSource } from 'typeorm';
import { EventBus } from './bus/event-bus';
import { InProcessEventBus } from './bus/in-process-event-bus';
import { RabbitMqEventBus } from './bus/rabbitmq-event-bus';
import { IdempotentConsumer } from './outbox/idempotent-consumer';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxService } from './outbox/outbox.service';

export function createEventBus(config: AppConfig): EventBus {
  const { maxAttempts, retryDelayMs } = config.rabbitmq;
  return config.profile === 'embedded'
    ? new InProcessEventBus({ maxAttempts, retryDelayMs })
    : new RabbitMqEventBus(config.rabbitmq);
}

@Global()
@Module({})
export class MessagingModule implements OnApplicationBootstrap, OnModuleDestroy {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: EventBus, useFactory: () => createEventBus(config) },
        {
          provide: OutboxRelay,
          inject: [DataSource, EventBus, LockService],
          useFactory: (dataSource: DataSource, bus: EventBus, locks: LockService) =>
            new OutboxRelay(dataSource, bus, locks, config.app),
        },
        {
          provide: OutboxService,
          inject: [DataSource, OutboxRelay],
          useFactory: (dataSource: DataSource, relay: OutboxRelay) => new OutboxService(dataSource, relay, config.app),
        },
        IdempotentConsumer,
      ],
      exports: [EventBus, OutboxService, OutboxRelay, IdempotentConsumer],
    };
  }

  constructor(
    private readonly bus: EventBus,
    private readonly relay: OutboxRelay,
  ) {}

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  /** Runs before the database closes (that happens at application shutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.relay.stop();
    await this.bus.close();
  }
}
