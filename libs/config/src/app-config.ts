import { AppName } from './app-names';

export type Profile = 'embedded' | 'services';

export type DatabaseConfig =
  | { kind: 'sqlite'; file: string; migrateAtBoot: boolean }
  | { kind: 'mysql'; url: string; database: string; migrateAtBoot: boolean };

/** Everything an app reads from its environment, validated and typed once at start. */
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
  /** The user id the gateway's bootstrap admin token acts as; it is a system administrator. */
  adminUser: string;
  permissionCacheMs: number;
  /** Released versions kept per template; the oldest beyond it are removed (never the latest). */
  templateMaxReleasedVersions: number;
  /** Pipelines a synchronous template instantiation may create or update; more go through a batch. */
  templateSyncInstanceLimit: number;
  /** Pipelines of an asynchronous batch written per transaction (fewer commits; a failing chunk is redone one by one). */
  templateInstanceChunkSize: number;
  /** Worker threads that parse and convert pipeline YAML off the event loop (process). */
  yamlWorkers: number;
  /** How long one YAML conversion may run on a worker before it is stopped and the request refused. */
  yamlWorkerTimeoutMs: number;
  /** Where the ticket app's master keys come from; null in every other app. */
  ticketKeyring: TicketKeyringConfig | null;
  /** The gateway's bootstrap admin token; null in every other app. */
  adminToken: string | null;
  /**
   * Addresses and CIDR ranges of the proxies in front of the gateway, whose X-Forwarded-For it
   * believes; empty (no proxy is trusted) by default and in every other app.
   */
  trustedProxies: string[];
}

/** One master key of the ticket app: an id stored beside each wrapped data key, and 32 bytes of AES-256 key. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

/**
 * The ticket app's master keys. From the environment (`BKCI_TICKET_MASTER_KEYS`), or in the
 * embedded profile from a key file under the data directory that `npm run ticket:rotate-key` appends to.
 */
export type TicketKeyringConfig = { source: 'env'; keys: MasterKey[]; activeKeyId: string } | { source: 'file'; file: string };

/** Injection token for the app's AppConfig. */
export const APP_CONFIG = Symbol('APP_CONFIG');
