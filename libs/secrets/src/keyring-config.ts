import { join } from 'node:path';
import { EnvReader } from '@bkci/config';

/** One master key: an id stored beside each wrapped data key, and 32 bytes of AES-256 key. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

/**
 * Where an app's master keys come from: the environment (`BKCI_<APP>_MASTER_KEYS`), or in the
 * embedded profile a key file under the data directory.
 */
export type KeyringConfig = { source: 'env'; keys: MasterKey[]; activeKeyId: string } | { source: 'file'; file: string };

/**
 * Reads one app's keyring settings: `BKCI_<APP>_MASTER_KEYS` (comma-separated `id:base64` keys of
 * 32 bytes, required in the services profile) and `BKCI_<APP>_ACTIVE_KEY_ID` (default: the last
 * listed); in the embedded profile without them, the key file `<dataDir>/<keyFile>`.
 */
export function readKeyringConfig(reader: EnvReader, app: string, embedded: boolean, dataDir: string, keyFile: string): KeyringConfig {
  const keysVariable = `BKCI_${app}_MASTER_KEYS`;
  const activeVariable = `BKCI_${app}_ACTIVE_KEY_ID`;
  const listed = masterKeys(reader, keysVariable, embedded);
  if (listed === null) return { source: 'file', file: join(dataDir, keyFile) };
  const activeKeyId = reader.text(activeVariable, listed.at(-1)?.id ?? '');
  if (listed.length > 0 && !listed.some((key) => key.id === activeKeyId)) {
    reader.problem(`${activeVariable} must name one of the keys in ${keysVariable} (got "${activeKeyId}")`);
  }
  return { source: 'env', keys: listed, activeKeyId };
}

/**
 * A comma-separated list of `id:base64` master keys, each 32 bytes. Null when unset and
 * `optional`; required otherwise.
 */
function masterKeys(reader: EnvReader, name: string, optional: boolean): MasterKey[] | null {
  const value = reader.raw(name);
  if (value === undefined) {
    if (!optional) reader.problem(`${name} is required in the services profile: comma-separated id:base64 keys of 32 bytes, e.g. k1:$(openssl rand -base64 32)`);
    return optional ? null : [];
  }
  const keys: MasterKey[] = [];
  for (const entry of value.split(',').map((part) => part.trim())) {
    const [id, encoded] = [entry.slice(0, entry.indexOf(':')), entry.slice(entry.indexOf(':') + 1)];
    const key = Buffer.from(encoded, 'base64');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id) || key.length !== 32 || entry.indexOf(':') < 0) {
      reader.problem(`${name}: each entry must be id:base64 with an id of 1–32 letters, digits, '_' or '-' and a 32-byte key (entry "${id || entry.slice(0, 8)}…" is not)`);
    } else if (keys.some((known) => known.id === id)) {
      reader.problem(`${name}: key id ${id} is listed twice`);
    } else {
      keys.push({ id, key });
    }
  }
  return keys;
}
