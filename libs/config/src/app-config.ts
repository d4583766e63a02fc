import { AppName } from './app-names';
import { Env } from './env-reader';

export type Profile = 'embedded' | 'services';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string; migrateAtBoot: boolean }
  | { kind: 'mysql'; url: string; database: string; migrateAtBoot: boolean };

/**
 * What every app reads from its environment, validated and typed once at start. Settings only one
 * app reads are that app's ConfigSection (`apps/<app>/src/<app>.config.ts`).
 */
export interface AppConfig {
  app: AppName;
  profile: Profile;
  host: string;
  port: number;
  dataDir: string;
  logLevel: string;
  shutdownGraceMs: number;
  database: DatabaseConfig;
  rabbitmq: {
    url: string;
    exchange: string;
    /** Put before every queue name, so several deployments (or test runs) can share one broker. */
    queuePrefix: string;
    /** Queues unused this long are deleted by RabbitMQ; 0 = kept forever (production). */
    queueExpiresMs: number;
    maxAttempts: number;
    retryDelayMs: number;
  };
  redis: { url: string; keyPrefix: string };
  serviceToken: { secret: string; ttlSeconds: number };
  /** Base URL of every app, for service-to-service calls and gateway routing. */
  appUrls: Record<AppName, string>;
  permissionCacheMs: number;
  /** The environment the config was read from, where the app's own ConfigSection is read too. */
  env: Readonly<Env>;
}

/** Injection token for the app's AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
