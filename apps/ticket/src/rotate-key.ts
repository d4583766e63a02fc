import { loadConfig } from '@bkci/config';
import { createDataSource, dataSourceOptions } from '@bkci/persistence';
import { CredentialVault } from './credentials/credential-vault';
import { EnvelopeCipher } from './crypto/envelope-cipher';
import { MasterKeyring } from './crypto/master-keyring';
import { rewrapDataKeys } from './crypto/rewrap-data-keys';
import { ticketApp } from './ticket.app';

/**
 * `npm run ticket:rotate-key`: re-wraps every credential's data key under a new master key while
 * the ticket app keeps serving. Embedded profile: adds a new key to the key file first (the app
 * picks it up by itself). Services profile: list the new key in BKCI_TICKET_MASTER_KEYS beside
 * the old one, make it BKCI_TICKET_ACTIVE_KEY_ID, restart the ticket apps, then run this; the old
 * key can be dropped afterwards.
 */
async function main(): Promise<void> {
  const config = loadConfig('ticket');
  if (!config.ticketKeyring) throw new Error('the ticket keyring is not configured');
  const keyring = new MasterKeyring(config.ticketKeyring);
  if (config.ticketKeyring.source === 'file') console.log(`added master key ${keyring.addKeyToFile().id} to ${config.ticketKeyring.file}`);
  const dataSource = await createDataSource(dataSourceOptions(config.database, ticketApp.schema));
  try {
    const rewrapped = await rewrapDataKeys(dataSource, new CredentialVault(new EnvelopeCipher(keyring)), keyring.active.id);
    console.log(`re-wrapped ${rewrapped} data key(s) under master key ${keyring.active.id}`);
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(`ticket:rotate-key failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
