import { DynamicModule, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import Redis from 'ioredis';
import { CallMetricsController } from './call-metrics.controller';
import { CallMetricsRepository } from './call-metrics.repository';
import { CallMetricsService } from './call-metrics.service';
import { InProcessCallMetricsRepository } from './in-process-call-metrics.repository';
import { RedisCallMetricsRepository } from './redis-call-metrics.repository';

const REDIS_CLIENT = Symbol('CALL_METRICS_REDIS_CLIENT');

/**
 * Call metrics of the v4 API; the profile picks the store as LockingModule picks the lock. Its own
 * Redis connection, failing a command after one retry, so an unreachable Redis queues nothing for long.
 */
@Module({})
export class CallMetricsModule implements OnApplicationShutdown {
  static forRoot(config: AppConfig): DynamicModule {
    const embedded = config.profile === 'embedded';
    return {
      module: CallMetricsModule,
      controllers: [CallMetricsController],
      providers: [
        { provide: REDIS_CLIENT, useFactory: () => (embedded ? null : new Redis(config.redis.url, { maxRetriesPerRequest: 1 })) },
        {
          provide: CallMetricsRepository,
          inject: [REDIS_CLIENT],
          useFactory: (redis: Redis | null) => (redis ? new RedisCallMetricsRepository(redis, config.redis.keyPrefix) : new InProcessCallMetricsRepository()),
        },
        CallMetricsService,
      ],
      exports: [CallMetricsService],
    };
  }

  constructor(@Inject(REDIS_CLIENT) private readonly redis: Redis | null) {}

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
