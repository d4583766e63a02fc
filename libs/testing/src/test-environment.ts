import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ServiceTokens } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import { AppConfig, AppName, loadConfig, Profile } from '@bkci/config';
import { DataSource } from 'typeorm';
import { dropDatabase } from '@bkci/persistence';
import { AppDefinition, createApp } from '@bkci/platform';
import { AppProcess, freePort } from './app-process';

/** Which profile the integration suites run in: `TEST_PROFILE=embedded|services`. */
export const TEST_PROFILE: Profile = process.env.TEST_PROFILE === 'services' ? 'services' : 'embedded';

export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdef0123456789';

export interface StartedApp {
  name: AppName;
  definition: AppDefinition;
  app: INestApplication;
  config: AppConfig;
  url: string;
}

/**
 * One isolated world per test suite: its own data directory, databases (`bkci_t<id>_<app>`),
 * Redis key prefix, RabbitMQ exchange and queue prefix, so suites never see each other's data
 * even on the shared MariaDB, Redis and RabbitMQ. Apps listen on free ports.
 */
export class TestEnvironment {
  readonly id = randomBytes(4).toString('hex');
  readonly dataDir = mkdtempSync(join(tmpdir(), 'bkci-test-'));
  readonly env: Record<string, string>;
  private readonly started: StartedApp[] = [];
  private readonly spawned: AppProcess[] = [];
  private readonly configs: AppConfig[] = [];

  constructor(overrides: Record<string, string> = {}) {
    this.env = {
      BKCI_PROFILE: TEST_PROFILE,
      BKCI_DATA_DIR: this.dataDir,
      BKCI_DB_PREFIX: `bkci_t${this.id}_`,
      BKCI_MIGRATE_AT_BOOT: 'true',
      BKCI_SERVICE_SECRET: `test-service-secret-${this.id}-0123456789abcdef`,
      BKCI_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      // The embedded profile keeps the ticket and environment master keys in files it creates; services take them from here.
      ...(TEST_PROFILE === 'services'
        ? { BKCI_TICKET_MASTER_KEYS: `test:${randomBytes(32).toString('base64')}`, BKCI_ENVIRONMENT_MASTER_KEYS: `test:${randomBytes(32).toString('base64')}` }
        : {}),
      BKCI_REDIS_PREFIX: `test:${this.id}:`,
      BKCI_EVENT_EXCHANGE: `bkci.test.${this.id}`,
      BKCI_EVENT_QUEUE_PREFIX: `test.${this.id}.`,
      BKCI_EVENT_QUEUE_EXPIRES_MS: '120000',
      BKCI_EVENT_RETRY_DELAY_MS: '200',
      BKCI_LOG_LEVEL: 'warn',
      BKCI_SHUTDOWN_GRACE_MS: '1000',
      // A suite calls as one user from one address, faster than any person; the rate-limit suite sets its own limits.
      ...Object.fromEntries(['USER', 'APP', 'BUILD', 'EXTERNAL', 'FAILED_AUTH'].map((c) => [`BKCI_RATE_LIMIT_${c}`, '100000/100000'])),
      ...Object.fromEntries(['OPENAPI', 'PROCESS', 'TICKET', 'ENVIRONMENT', 'NOTIFY', 'LOG', 'QUALITY'].map((a) => [`BKCI_${a}_PORT`, '0'])),
      ...overrides,
    };
  }

  /** The validated config an app of this environment gets. */
  config(app: AppName): AppConfig {
    const config = loadConfig(app, this.env);
    this.configs.push(config);
    return config;
  }

  /** A client of the apps' service APIs, as another app of this environment would hold it (URLs of the apps started so far). */
  serviceClient(): ServiceClient {
    const config = loadConfig('process', this.env);
    return new ServiceClient(config, new ServiceTokens(config.serviceToken.secret, config.serviceToken.ttlSeconds));
  }

  /**
   * Picks the port `app` will be started on (pass it to `start`) and publishes its URL now, so apps
   * started before it can call it: process and environment call each other.
   */
  async reservePort(app: AppName): Promise<number> {
    const port = await freePort();
    this.env[`BKCI_${app.toUpperCase()}_URL`] = `http://127.0.0.1:${port}`;
    return port;
  }

  /**
   * Starts an app as it runs in production, on a free port (or on `port`, for an app whose URL an
   * app started earlier must know, e.g. the gateway in install links); later apps find it by its URL.
   */
  async start(definition: AppDefinition, port = 0): Promise<StartedApp> {
    const config = this.config(definition.name);
    const app = await createApp(definition.rootModule(config), config, definition.createOptions);
    await app.listen(port, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    this.env[`BKCI_${definition.name.toUpperCase()}_URL`] = url;
    const started = { name: definition.name, definition, app, config, url };
    this.started.push(started);
    return started;
  }

  /**
   * Starts an app in a process of its own (see AppProcess), on a port chosen now and kept across
   * its restarts; apps started later find it by its URL. A test that watches its database opens
   * its own DataSource on `config(name).database`.
   */
  async spawn(name: AppName): Promise<AppProcess> {
    this.config(name); // so that close() drops its database
    const url = `http://127.0.0.1:${await freePort()}`;
    this.env[`BKCI_${name.toUpperCase()}_URL`] = url;
    const app = new AppProcess(name, url, join(tmpdir(), `bkci-test-${this.id}-${name}.log`), this.env);
    this.spawned.push(app);
    await app.start();
    return app;
  }

  /**
   * Closes an app and starts it again with the same config on the same port (other apps keep
   * finding it). Its database connections are cut first, so work in flight fails instead of being
   * allowed to finish; closing still lets its handlers drain, so this is a redeploy, not a crash
   * (for a crash, `spawn` the app and kill it). With `reconfigure`, it starts with the config `env`
   * now gives (as after a redeploy with new settings).
   */
  async restart(running: StartedApp, reconfigure = false): Promise<StartedApp> {
    await running.app.get(DataSource).destroy();
    await running.app.close();
    const config = reconfigure ? { ...this.config(running.name), port: running.config.port } : running.config;
    const app = await createApp(running.definition.rootModule(config), config, running.definition.createOptions);
    await app.listen(Number(new URL(running.url).port), '127.0.0.1');
    const started = { ...running, app, config };
    this.started.splice(this.started.indexOf(running), 1, started);
    return started;
  }

  /**
   * Closes the apps (gateway first), kills the spawned ones and removes every database and file
   * this environment made, except the spawned apps' logs.
   */
  async close(): Promise<void> {
    for (const { app } of this.started.reverse()) await app.close();
    for (const app of this.spawned) await app.kill();
    const databases = new Map(this.configs.map((c) => [JSON.stringify(c.database), c.database]));
    for (const database of databases.values()) await dropDatabase(database);
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
