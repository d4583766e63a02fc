import { join } from 'node:path';
import { ConfigSection, EnvReader } from '@bkci/config';

/** One master key: an id stored beside each wrapped data key, and 32 bytes of AES-256 key. */
export interface MasterKey {
  id: string;
  key: Buffer;
}

/**
 * Where the master keys come from: the environment (`BKCI_TICKET_MASTER_KEYS`), or in the
 * embedded profile a key file under the data directory that `npm run ticket:rotate-key` appends to.
 */
export type TicketKeyringConfig = { source: 'env'; keys: MasterKey[]; activeKeyId: string } | { source: 'file'; file: string };

/** The ticket app's own settings (see ConfigSection); inject with `@Inject(TICKET_CONFIG.token)`. */
export interface TicketConfig {
  keyring: TicketKeyringConfig;
}

/** Where embedded mode keeps the master keys (one `id:base64` per line, the last active). */
export const TICKET_KEY_FILE = 'ticket-master-keys';

export const TICKET_CONFIG = new ConfigSection<TicketConfig>('ticket', (reader, shared) => ({
  keyring: keyring(reader, shared.profile === 'embedded', shared.dataDir),
}));

function keyring(reader: EnvReader, embedded: boolean, dataDir: string): TicketKeyringConfig {
  const listed = masterKeys(reader, 'BKCI_TICKET_MASTER_KEYS', embedded);
  if (listed === null) return { source: 'file', file: join(dataDir, TICKET_KEY_FILE) };
  const activeKeyId = reader.text('BKCI_TICKET_ACTIVE_KEY_ID', listed.at(-1)?.id ?? '');
  if (listed.length > 0 && !listed.some((key) => key.id === activeKeyId)) {
    reader.problem(`BKCI_TICKET_ACTIVE_KEY_ID must name one of the keys in BKCI_TICKET_MASTER_KEYS (got "${activeKeyId}")`);
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
