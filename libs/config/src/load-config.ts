import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig, Profile } from './app-config';
import { APP_NAMES, APP_PORTS, AppName } from './app-names';
import { Env, EnvReader } from './env-reader';

/**
 * Reads and validates the settings every app shares from the environment of one app. Every
 * problem is collected, so a wrong setup is reported in one go, each line naming the variable to
 * fix. An app's own settings are a ConfigSection, read later from `config.env`.
 */
export function loadConfig(app: AppName, env: Env = process.env): AppConfig {
  const reader = new EnvReader(env);
  const profile = reader.oneOf('BKCI_PROFILE', ['embedded', 'services'], 'embedded') as Profile;
  const embedded = profile === 'embedded';
  const dataDir = resolve(reader.text('BKCI_DATA_DIR', 'data'));
  const ports = {} as Record<AppName, number>;
  const appUrls = {} as Record<AppName, string>;
  for (const name of APP_NAMES) {
    ports[name] = reader.port(`BKCI_${name.toUpperCase()}_PORT`, APP_PORTS[name]);
    appUrls[name] = reader.url(`BKCI_${name.toUpperCase()}_URL`, `http://127.0.0.1:${ports[name]}`, ['http:', 'https:']);
  }
  const migrateAtBoot = reader.boolean('BKCI_MIGRATE_AT_BOOT', embedded);
  const config: AppConfig = {
    app,
    profile,
    host: reader.text('BKCI_HOST', '127.0.0.1'),
    port: ports[app],
    dataDir,
    logLevel: reader.oneOf('BKCI_LOG_LEVEL', ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], 'info'),
    shutdownGraceMs: reader.integer('BKCI_SHUTDOWN_GRACE_MS', 10_000, 0),
    database: embedded
      ? { kind: 'sqlite', file: join(dataDir, `${app}.sqlite`), migrateAtBoot }
      : {
          kind: 'mysql',
          url: reader.url('BKCI_MYSQL_URL', 'mariadb://root@127.0.0.1:3306', ['mariadb:', 'mysql:']),
          database: `${reader.identifier('BKCI_DB_PREFIX', 'bkci_')}${app}`,
          migrateAtBoot,
        },
    rabbitmq: {
      url: reader.url('BKCI_RABBITMQ_URL', 'amqp://guest:guest@127.0.0.1:5672', ['amqp:', 'amqps:']),
      exchange: reader.text('BKCI_EVENT_EXCHANGE', 'bkci.events'),
      queuePrefix: reader.text('BKCI_EVENT_QUEUE_PREFIX', ''),
      queueExpiresMs: reader.integer('BKCI_EVENT_QUEUE_EXPIRES_MS', 0, 0),
      maxAttempts: reader.integer('BKCI_EVENT_MAX_ATTEMPTS', 5, 1),
      retryDelayMs: reader.integer('BKCI_EVENT_RETRY_DELAY_MS', 1000, 1),
    },
    redis: {
      url: reader.url('BKCI_REDIS_URL', 'redis://127.0.0.1:6379', ['redis:', 'rediss:']),
      keyPrefix: reader.text('BKCI_REDIS_PREFIX', 'bkci:'),
    },
    serviceToken: {
      secret: embedded
        ? reader.secret('BKCI_SERVICE_SECRET', () => readOrCreateSecret(dataDir, 'service-secret'))
        : reader.secret('BKCI_SERVICE_SECRET'),
      ttlSeconds: reader.integer('BKCI_SERVICE_TOKEN_TTL', 300, 10),
    },
    appUrls,
    permissionCacheMs: reader.integer('BKCI_PERMISSION_CACHE_MS', 10_000, 0),
    env: { ...env },
  };
  reader.throwIfInvalid();
  return config;
}

/**
 * Embedded mode must work on a bare machine, so a missing secret is generated once and kept
 * under the data directory (readable by the owner only).
 */
export function readOrCreateSecret(dataDir: string, name: string): string {
  const file = join(dataDir, name);
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return secret;
}
