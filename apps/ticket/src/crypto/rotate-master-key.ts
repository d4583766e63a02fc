import { AppConfig } from '@bkci/config';
import { createDataSource, dataSourceOptions, migrateDatabase, SchemaDefinition } from '@bkci/persistence';
import { SecretVault } from './secret-vault';
import { EnvelopeCipher, MasterKeyring } from '@bkci/secrets';
import { TICKET_CONFIG } from '../ticket.config';
import { rewrapDataKeys } from './rewrap-data-keys';
import { SealedRowRepository } from './sealed-row.repository';

export interface Rotation {
  /** The key file the embedded profile added a key to; null when the keys come from the environment. */
  keyFile: string | null;
  activeKeyId: string;
  rewrapped: number;
}

/**
 * Moves every credential's data key under the active master key. With a key file (embedded) it
 * first adds a new key there, which a running app picks up by itself; with keys from the
 * environment the operator has listed and activated the new key beforehand.
 */
export async function rotateMasterKey(config: AppConfig, schema: SchemaDefinition): Promise<Rotation> {
  const { keyring: keyringConfig } = TICKET_CONFIG.load(config);
  const keyring = new MasterKeyring(keyringConfig);
  const keyFile = keyringConfig.source === 'file' ? keyringConfig.file : null;
  if (keyFile !== null) keyring.addKeyToFile();
  // Like the app itself, bring the schema up to date where the app would at boot (embedded).
  if (config.database.migrateAtBoot) await migrateDatabase(config.database, schema);
  const dataSource = await createDataSource(dataSourceOptions(config.database, schema));
  try {
    const rewrapped = await rewrapDataKeys(new SealedRowRepository(dataSource), new SecretVault(new EnvelopeCipher(keyring)), keyring.active.id);
    return { keyFile, activeKeyId: keyring.active.id, rewrapped };
  } finally {
    await dataSource.destroy();
  }
}
