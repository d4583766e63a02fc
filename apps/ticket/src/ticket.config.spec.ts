import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@bkci/config';
import { TICKET_CONFIG, TICKET_KEY_FILE } from './ticket.config';
import { thrownError } from '@bkci/testing';

describe('TICKET_CONFIG', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bkci-config-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const load = (env: Record<string, string>) => TICKET_CONFIG.load(loadConfig('ticket', { BKCI_DATA_DIR: dataDir, BKCI_SERVICE_SECRET: 'x'.repeat(32), ...env }));
  const key = () => randomBytes(32).toString('base64');

  it('keeps the master keys in a file under the data directory in the embedded profile', () => {
    expect(load({}).keyring).toEqual({ source: 'file', file: join(dataDir, TICKET_KEY_FILE) });
  });

  it('takes listed keys from the environment, the last one active unless another is named', () => {
    const [first, second] = [key(), key()];

    expect(load({ BKCI_TICKET_MASTER_KEYS: `k1:${first},k2:${second}` }).keyring).toEqual({
      source: 'env',
      keys: [
        { id: 'k1', key: Buffer.from(first, 'base64') },
        { id: 'k2', key: Buffer.from(second, 'base64') },
      ],
      activeKeyId: 'k2',
    });
    expect(load({ BKCI_TICKET_MASTER_KEYS: `k1:${first},k2:${second}`, BKCI_TICKET_ACTIVE_KEY_ID: 'k1' }).keyring).toMatchObject({ activeKeyId: 'k1' });
  });

  it('requires the keys in the services profile', () => {
    const error = thrownError(ConfigError, () => load({ BKCI_PROFILE: 'services' }));

    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]).toMatch(/^BKCI_TICKET_MASTER_KEYS is required in the services profile/);
  });

  it('refuses a malformed key, a repeated id and an unknown active id, naming each variable', () => {
    const good = key();
    const error = thrownError(ConfigError, () => load({ BKCI_TICKET_MASTER_KEYS: `k1:${good},k1:${good},k2:c2hvcnQ=`, BKCI_TICKET_ACTIVE_KEY_ID: 'k9' }));

    expect(error.problems).toEqual([
      "BKCI_TICKET_MASTER_KEYS: key id k1 is listed twice",
      "BKCI_TICKET_MASTER_KEYS: each entry must be id:base64 with an id of 1–32 letters, digits, '_' or '-' and a 32-byte key (entry \"k2…\" is not)",
      'BKCI_TICKET_ACTIVE_KEY_ID must name one of the keys in BKCI_TICKET_MASTER_KEYS (got "k9")',
    ]);
  });
});
