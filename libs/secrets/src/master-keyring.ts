import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KeyringConfig, MasterKey } from './keyring-config';

/**
 * The master keys that wrap each secret's data key. New data keys are wrapped under the active
 * key; any listed key unwraps. A file keyring is read again when a key id is unknown, so a
 * running app follows a key rotation (e.g. `npm run ticket:rotate-key`) without a restart.
 */
export class MasterKeyring {
  private keys: MasterKey[] = [];
  private activeKeyId = '';

  constructor(private readonly config: KeyringConfig) {
    this.load();
  }

  get active(): MasterKey {
    return this.find(this.activeKeyId) as MasterKey;
  }

  /** The key with this id, re-reading a key file once if it is not known yet; null if it is nowhere. */
  key(id: string): MasterKey | null {
    if (!this.find(id) && this.config.source === 'file') this.load();
    return this.find(id);
  }

  /** Adds a new random key to the key file and makes it active (embedded profile). */
  addKeyToFile(): MasterKey {
    if (this.config.source !== 'file') throw new Error('Only a file keyring can add keys; list the new key in the BKCI_<APP>_MASTER_KEYS variable instead');
    const key = { id: `k${Date.now().toString(36)}`, key: randomBytes(32) };
    writeKeyFile(this.config.file, [...readKeyFile(this.config.file), key]);
    this.load();
    return key;
  }

  private find(id: string): MasterKey | null {
    return this.keys.find((key) => key.id === id) ?? null;
  }

  private load(): void {
    if (this.config.source === 'env') {
      this.keys = this.config.keys;
      this.activeKeyId = this.config.activeKeyId;
      return;
    }
    if (!existsSync(this.config.file)) writeKeyFile(this.config.file, [{ id: 'k1', key: randomBytes(32) }]);
    this.keys = readKeyFile(this.config.file);
    this.activeKeyId = (this.keys.at(-1) as MasterKey).id;
  }
}

function readKeyFile(file: string): MasterKey[] {
  const keys = readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [id, encoded] = line.trim().split(':');
      return { id, key: Buffer.from(encoded, 'base64') };
    });
  if (keys.length === 0 || keys.some((key) => key.key.length !== 32)) throw new Error(`${file} must hold id:base64 lines of 32-byte keys`);
  return keys;
}

function writeKeyFile(file: string, keys: MasterKey[]): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, keys.map((key) => `${key.id}:${key.key.toString('base64')}\n`).join(''), { mode: 0o600 });
  chmodSync(file, 0o600);
}
