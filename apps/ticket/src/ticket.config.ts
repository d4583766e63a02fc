import { ConfigSection } from '@bkci/config';
import { KeyringConfig, readKeyringConfig } from '@bkci/secrets';

/** The ticket app's own settings (see ConfigSection); inject with `@Inject(TICKET_CONFIG.token)`. */
export interface TicketConfig {
  /** `BKCI_TICKET_MASTER_KEYS`, or in the embedded profile a key file that `npm run ticket:rotate-key` appends to. */
  keyring: KeyringConfig;
}

/** Where embedded mode keeps the master keys (one `id:base64` per line, the last active). */
export const TICKET_KEY_FILE = 'ticket-master-keys';

export const TICKET_CONFIG = new ConfigSection<TicketConfig>('ticket', (reader, shared) => ({
  keyring: readKeyringConfig(reader, 'TICKET', shared.profile === 'embedded', shared.dataDir, TICKET_KEY_FILE),
}));
