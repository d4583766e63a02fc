import { loadConfig } from '@bkci/config';
import { rotateMasterKey } from './crypto/rotate-master-key';
import { ticketApp } from './ticket.app';

/**
 * `npm run ticket:rotate-key`: re-wraps every credential's data key under a new master key while
 * the ticket app keeps serving. Embedded profile: a new key is added to the key file. Services
 * profile: first list the new key in BKCI_TICKET_MASTER_KEYS beside the old one, make it
 * BKCI_TICKET_ACTIVE_KEY_ID and restart the ticket apps; drop the old key after this has run.
 */
async function main(): Promise<void> {
  const rotation = await rotateMasterKey(loadConfig('ticket'), ticketApp.schema);
  if (rotation.keyFile) console.log(`added master key ${rotation.activeKeyId} to ${rotation.keyFile}`);
  console.log(`re-wrapped ${rotation.rewrapped} data key(s) under master key ${rotation.activeKeyId}`);
}

main().catch((error: unknown) => {
  console.error(`ticket:rotate-key failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
