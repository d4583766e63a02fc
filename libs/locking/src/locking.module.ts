import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import Redis from 'ioredis';
import { InProcessLockService } from './in-process-lock.service';
import { LockService } from './lock.service';
import { RedisLockService } from './redis-lock.service';

const REDIS_CLIENT = Symbol('LOCK_REDIS_CLIENT');

@Global()
@Module({})
export class LockingModule implements OnApplicationShutdown {
  static forRoot(config: AppConfig): DynamicModule {
    const embedded = config.profile === 'embedded';
    return {
      module: LockingModule,
      providers: [
        {
          provide: REDIS_CLIENT,
          useFactory: () => (embedded ? null : new Redis(config.redis.url, { maxRetriesPerRequest: 3 })),
        },
        {
          provide: LockService,
          inject: [REDIS_CLIENT],
          useFactory: (redis: Redis | null) =>
            redis ? new RedisLockService(redis, config.redis.keyPrefix) : new InProcessLockService(),
        },
      ],
      exports: [LockService],
    };
  }

  constructor(
    private readonly locks: LockService,
    @Inject(REDIS_CLIENT) private readonly redis: Redis | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.locks.releaseAll();
    this.redis?.disconnect();
  }
}
