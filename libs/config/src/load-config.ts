import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { AppConfig, MasterKey, Profile, TicketKeyringConfig } from './app-config';
import { APP_NAMES, APP_PORTS, AppName } from './app-names';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

/**
 * Reads and validates the environment of one app. Every problem is collected, so a wrong
 * setup is reported in one go, each line naming the variable to fix.
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
    adminUser: reader.identifier('BKCI_ADMIN_USER', 'admin'),
    permissionCacheMs: reader.integer('BKCI_PERMISSION_CACHE_MS', 10_000, 0),
    templateMaxReleasedVersions: reader.integer('BKCI_TEMPLATE_MAX_RELEASED_VERSIONS', 100, 1),
    templateSyncInstanceLimit: reader.integer('BKCI_TEMPLATE_SYNC_INSTANCE_LIMIT', 10, 1),
    templateInstanceChunkSize: reader.integer('BKCI_TEMPLATE_INSTANCE_CHUNK', 200, 1),
    yamlWorkers: reader.integer('BKCI_YAML_WORKERS', 2, 1),
    yamlWorkerTimeoutMs: reader.integer('BKCI_YAML_WORKER_TIMEOUT_MS', 5000, 1),
    ticketKeyring: app !== 'ticket' ? null : ticketKeyring(reader, embedded, dataDir),
    adminToken: app !== 'openapi' ? null : embedded
        ? reader.secret('BKCI_ADMIN_TOKEN', () => readOrCreateSecret(dataDir, ADMIN_TOKEN_FILE))
        : reader.secret('BKCI_ADMIN_TOKEN'),
    trustedProxies: app !== 'openapi' ? [] : reader.addressRanges('BKCI_TRUSTED_PROXIES'),
  };
  reader.throwIfInvalid();
  return config;
}

/** Where embedded mode keeps the ticket app's master keys (one `id:base64` per line, the last active). */
export const TICKET_KEY_FILE = 'ticket-master-keys';

function ticketKeyring(reader: EnvReader, embedded: boolean, dataDir: string): TicketKeyringConfig {
  const listed = reader.masterKeys('BKCI_TICKET_MASTER_KEYS', embedded);
  if (listed === null) return { source: 'file', file: join(dataDir, TICKET_KEY_FILE) };
  const activeKeyId = reader.text('BKCI_TICKET_ACTIVE_KEY_ID', listed.at(-1)?.id ?? '');
  if (listed.length > 0 && !listed.some((key) => key.id === activeKeyId)) {
    reader.problem(`BKCI_TICKET_ACTIVE_KEY_ID must name one of the keys in BKCI_TICKET_MASTER_KEYS (got "${activeKeyId}")`);
  }
  return { source: 'env', keys: listed, activeKeyId };
}

/** Where embedded mode keeps a generated admin token, under the data directory. */
export const ADMIN_TOKEN_FILE = 'admin-token';

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

class EnvReader {
  private readonly problems: string[] = [];

  constructor(private readonly env: Env) {}

  text(name: string, fallback: string): string {
    const value = this.raw(name);
    return value ?? fallback;
  }

  oneOf(name: string, allowed: string[], fallback: string): string {
    const value = this.raw(name) ?? fallback;
    if (!allowed.includes(value)) this.problems.push(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return value;
  }

  integer(name: string, fallback: number, min: number): number {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < min) {
      this.problems.push(`${name} must be a whole number ≥ ${min} (got "${value}")`);
      return fallback;
    }
    return parsed;
  }

  port(name: string, fallback: number): number {
    const port = this.integer(name, fallback, 0);
    if (port > 65535) this.problems.push(`${name} must be a TCP port, 0–65535 (got "${port}")`);
    return port;
  }

  boolean(name: string, fallback: boolean): boolean {
    const value = this.raw(name);
    if (value === undefined) return fallback;
    if (value === 'true' || value === 'false') return value === 'true';
    this.problems.push(`${name} must be true or false (got "${value}")`);
    return fallback;
  }

  url(name: string, fallback: string, protocols: string[]): string {
    const value = this.raw(name) ?? fallback;
    try {
      const protocol = new URL(value).protocol;
      if (!protocols.includes(protocol)) throw new Error(protocol);
    } catch {
      this.problems.push(`${name} must be a URL starting with ${protocols.join(' or ')}// (got "${value}")`);
    }
    return value.replace(/\/+$/, '');
  }

  identifier(name: string, fallback: string): string {
    const value = this.raw(name) ?? fallback;
    if (!/^[A-Za-z0-9_.-]{1,64}$/.test(value)) {
      this.problems.push(`${name} may hold only letters, digits, '_', '.', '-' (got "${value}")`);
    }
    return value;
  }

  secret(name: string, generate?: () => string): string {
    const value = this.raw(name) ?? generate?.();
    if (value === undefined) {
      this.problems.push(`${name} is required in the services profile (a random string of at least 32 characters)`);
      return '';
    }
    if (value.length < 32) this.problems.push(`${name} must be at least 32 characters long`);
    return value;
  }

  /** A comma-separated list of IP addresses and CIDR ranges (`10.0.0.0/8`, `::1`); empty when unset. */
  addressRanges(name: string): string[] {
    const entries = (this.raw(name) ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
    for (const entry of entries) {
      const [address, prefix, extra] = entry.split('/');
      const family = isIP(address);
      const bits = family === 4 ? 32 : 128;
      const prefixValid = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
      if (family === 0 || !prefixValid || extra !== undefined) {
        this.problems.push(`${name}: each entry must be an IP address or a CIDR range such as 10.0.0.0/8 (got "${entry}")`);
      }
    }
    return entries;
  }

  /**
   * A comma-separated list of `id:base64` master keys, each 32 bytes. Null when unset and
   * `optional`; required otherwise.
   */
  masterKeys(name: string, optional: boolean): MasterKey[] | null {
    const value = this.raw(name);
    if (value === undefined) {
      if (!optional) this.problems.push(`${name} is required in the services profile: comma-separated id:base64 keys of 32 bytes, e.g. k1:$(openssl rand -base64 32)`);
      return optional ? null : [];
    }
    const keys: MasterKey[] = [];
    for (const entry of value.split(',').map((part) => part.trim())) {
      const [id, encoded] = [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)];
      const key = Buffer.from(encoded, 'base64');
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32 || entry.indexOf(':') < 0) {
        this.problems.push(`${name}: each entry must be id:base64 with an id of 1–32 letters, digits, '_' or '-' and a 32-byte key (entry "${id || entry.slice(0, 8)}…" is not)`);
      } else if (keys.some((known) => known.id === id)) {
        this.problems.push(`${name}: key id ${id} is listed twice`);
      } else {
        keys.push({ id, key });
      }
    }
    return keys;
  }

  problem(message: string): void {
    this.problems.push(message);
  }

  throwIfInvalid(): void {
    if (this.problems.length > 0) throw new ConfigError(this.problems);
  }

  private raw(name: string): string | undefined {
    const value = this.env[name];
    return value === undefined || value.trim() === '' ? undefined : value.trim();
  }
}
