import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { HealthDetails } from '@bkci/platform';
import type Redis from 'ioredis';
import { OPENAPI_CONFIG, OpenapiConfig } from '../openapi.config';
import { FailOpenBucketStore } from './fail-open-bucket-store';
import { InProcessBucketStore } from './in-process-bucket-store';
import { RateLimiter } from './rate-limiter';
import { connectRateLimitRedis, RedisBucketStore } from './redis-bucket-store';

const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

/**
 * The rate limiter: buckets in Redis in the services profile (failing open to this process), in
 * this process in the embedded one. Global so that the platform's health controller finds its
 * HealthDetails.
 */
@Global()
@Module({})
export class RateLimitsModule implements OnApplicationShutdown {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: RateLimitsModule,
      providers: [
        {
          provide: RATE_LIMIT_REDIS,
          inject: [OPENAPI_CONFIG.token],
          useFactory: (gateway: OpenapiConfig) => (config.profile === 'embedded' ? null : connectRateLimitRedis(gateway.rateLimits.redisUrl)),
        },
        {
          provide: RateLimiter,
          inject: [OPENAPI_CONFIG.token, RATE_LIMIT_REDIS],
          useFactory: (gateway: OpenapiConfig, redis: Redis | null) =>
            new RateLimiter(
              gateway.rateLimits,
              redis
                ? new FailOpenBucketStore(new RedisBucketStore(redis, config.redis.keyPrefix), new InProcessBucketStore())
                : new InProcessBucketStore(),
            ),
        },
        { provide: HealthDetails, useExisting: RateLimiter },
      ],
      exports: [RateLimiter, HealthDetails],
    };
  }

  constructor(@Inject(RATE_LIMIT_REDIS) private readonly redis: Redis | null) {}

  onApplicationShutdown(): void {
    this.redis?.disconnect();
  }
}
