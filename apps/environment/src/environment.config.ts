import { ConfigSection } from '@bkci/config';
import { KeyringConfig, readKeyringConfig } from '@bkci/secrets';

/** The environment app's own settings (see ConfigSection); inject with `@Inject(ENVIRONMENT_CONFIG.token)`. */
export interface EnvironmentConfig {
  /** Wraps the data keys of secure env vars: `BKCI_ENVIRONMENT_MASTER_KEYS`, or in the embedded profile a key file. */
  keyring: KeyringConfig;
}

/** Where embedded mode keeps the master keys (one `id:base64` per line, the last active). */
export const ENVIRONMENT_KEY_FILE = 'environment-master-keys';

export const ENVIRONMENT_CONFIG = new ConfigSection<EnvironmentConfig>('environment', (reader, shared) => ({
  keyring: readKeyringConfig(reader, 'ENVIRONMENT', shared.profile === 'embedded', shared.dataDir, ENVIRONMENT_KEY_FILE),
}));
