import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from './env-reader';
import { loadConfig } from './load-config';
import { thrownError } from '@bkci/testing';

const GOOD_SECRET = 'x'.repeat(32);

describe('loadConfig', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bkci-config-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  describe('embedded defaults', () => {
    it('uses SQLite under the data directory and the app default port', () => {
      const config = loadConfig('process', { BKCI_DATA_DIR: dataDir });

      expect(config.profile).toBe('embedded');
      expect(config.app).toBe('process');
      expect(config.port).toBe(8081);
      expect(config.host).toBe('127.0.0.1');
      expect(config.dataDir).toBe(dataDir);
      expect(config.database).toEqual({ kind: 'sqlite', file: join(dataDir, 'process.sqlite'), migrateAtBoot: true });
      expect(config.appUrls.process).toBe('http://127.0.0.1:8081');
      expect(config.appUrls.openapi).toBe('http://127.0.0.1:8080');
    });

    it('generates a service secret once, persists it and reads it back on the next call', () => {
      const first = loadConfig('process', { BKCI_DATA_DIR: dataDir });
      const file = join(dataDir, 'service-secret');

      expect(first.serviceToken.secret.length).toBeGreaterThanOrEqual(32);
      expect(existsSync(file)).toBe(true);
      expect(readFileSync(file, 'utf8').trim()).toBe(first.serviceToken.secret);
      expect(statSync(file).mode & 0o777).toBe(0o600);

      const second = loadConfig('ticket', { BKCI_DATA_DIR: dataDir });
      expect(second.serviceToken.secret).toBe(first.serviceToken.secret);
    });

    it('prefers BKCI_SERVICE_SECRET over a generated one', () => {
      const config = loadConfig('process', { BKCI_DATA_DIR: dataDir, BKCI_SERVICE_SECRET: GOOD_SECRET });

      expect(config.serviceToken.secret).toBe(GOOD_SECRET);
      expect(existsSync(join(dataDir, 'service-secret'))).toBe(false);
    });
  });

  describe('services profile', () => {
    it('requires BKCI_SERVICE_SECRET', () => {
      const error = thrownError(ConfigError, () => loadConfig('process', { BKCI_PROFILE: 'services', BKCI_DATA_DIR: dataDir }));

      expect(error.message).toContain('BKCI_SERVICE_SECRET');
      expect(error.problems).toHaveLength(1);
      expect(existsSync(join(dataDir, 'service-secret'))).toBe(false);
    });

    it('uses MySQL with a per-app database when the secret is given', () => {
      const config = loadConfig('process', {
        BKCI_PROFILE: 'services',
        BKCI_DATA_DIR: dataDir,
        BKCI_SERVICE_SECRET: GOOD_SECRET,
      });

      expect(config.database).toMatchObject({ kind: 'mysql', database: 'bkci_process', migrateAtBoot: false });
      const url = new URL((config.database as { url: string }).url);
      expect(['mariadb:', 'mysql:']).toContain(url.protocol);
      expect(url.host).toBe('127.0.0.1:3306');
    });
  });

  it('reports every bad value in one error, naming each variable', () => {
    const error = thrownError(ConfigError, () =>
      loadConfig('process', {
        BKCI_DATA_DIR: dataDir,
        BKCI_SERVICE_SECRET: GOOD_SECRET,
        BKCI_PROFILE: 'prod',
        BKCI_PROCESS_PORT: 'abc',
        BKCI_REDIS_URL: 'http://x',
      }),
    );

    for (const variable of ['BKCI_PROFILE', 'BKCI_PROCESS_PORT', 'BKCI_REDIS_URL']) {
      expect(error.message).toContain(variable);
      expect(error.problems.some((problem) => problem.startsWith(variable))).toBe(true);
    }
    expect(error.message).toContain('"prod"');
    expect(error.message).toContain('"abc"');
    expect(error.message).toContain('"http://x"');
    // Exactly one line per bad variable: nothing else is reported, nothing twice.
    expect(error.problems).toHaveLength(3);
  });

  it.each([
    ['embedded', {}],
    ['services', { BKCI_PROFILE: 'services' }],
  ])('refuses a service secret shorter than 32 characters (%s)', (_profile, env) => {
    const error = thrownError(ConfigError, () =>
      loadConfig('process', { ...env, BKCI_DATA_DIR: dataDir, BKCI_SERVICE_SECRET: 'x'.repeat(31) }),
    );

    expect(error.problems).toEqual(['BKCI_SERVICE_SECRET must be at least 32 characters long']);
  });
});
