import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@bkci/config';
import { thrownError } from '@bkci/testing';
import { ENVIRONMENT_CONFIG, ENVIRONMENT_KEY_FILE } from './environment.config';

describe('ENVIRONMENT_CONFIG', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bkci-config-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const load = (env: Record<string, string>) => ENVIRONMENT_CONFIG.load(loadConfig('environment', { BKCI_DATA_DIR: dataDir, BKCI_SERVICE_SECRET: 'x'.repeat(32), ...env }));

  it('keeps the master keys in a file under the data directory in the embedded profile', () => {
    expect(load({}).keyring).toEqual({ source: 'file', file: join(dataDir, ENVIRONMENT_KEY_FILE) });
  });

  it('takes its own keys from BKCI_ENVIRONMENT_MASTER_KEYS, not the ticket app’s', () => {
    const key = randomBytes(32);
    expect(load({ BKCI_ENVIRONMENT_MASTER_KEYS: `e1:${key.toString('base64')}`, BKCI_TICKET_MASTER_KEYS: `t1:${randomBytes(32).toString('base64')}` }).keyring).toEqual({
      source: 'env',
      keys: [{ id: 'e1', key }],
      activeKeyId: 'e1',
    });
  });

  it('requires BKCI_ENVIRONMENT_MASTER_KEYS in the services profile', () => {
    const error = thrownError(ConfigError, () => load({ BKCI_PROFILE: 'services', BKCI_TICKET_MASTER_KEYS: `t1:${randomBytes(32).toString('base64')}` }));
    expect(error.message).toContain('BKCI_ENVIRONMENT_MASTER_KEYS is required');
  });
});
