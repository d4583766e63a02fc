import { isIP } from 'node:net';
import { ConfigSection, EnvReader, readOrCreateSecret } from '@bkci/config';
import { RateLimitSettings, readRateLimits } from './rate-limits/rate-limit-settings';

/** The gateway's own settings (see ConfigSection); inject with `@Inject(OPENAPI_CONFIG.token)`. */
export interface OpenapiConfig {
  /** The bootstrap admin token. */
  adminToken: string;
  /** The user id the bootstrap admin token acts as; it is a system administrator. */
  adminUser: string;
  /**
   * Addresses and CIDR ranges of the proxies in front of the gateway, whose X-Forwarded-For it
   * believes; empty (no proxy is trusted) by default.
   */
  trustedProxies: string[];
  /** Days a personal access token lasts when its creator names none. */
  patDefaultDays: number;
  /** The most days a personal access token may be created to last. */
  patMaxDays: number;
  /** Token buckets per identity and route class (BKCI_RATE_LIMIT_*). */
  rateLimits: RateLimitSettings;
  /** OAuth2: seconds an authorization code, an access token and a refresh token last. */
  oauth2CodeSeconds: number;
  oauth2AccessTokenSeconds: number;
  oauth2RefreshTokenSeconds: number;
}

/** Where embedded mode keeps a generated admin token, under the data directory. */
export const ADMIN_TOKEN_FILE = 'admin-token';

export const OPENAPI_CONFIG = new ConfigSection<OpenapiConfig>('openapi', (reader, shared) => ({
  adminToken:
    shared.profile === 'embedded'
      ? reader.secret('BKCI_ADMIN_TOKEN', () => readOrCreateSecret(shared.dataDir, ADMIN_TOKEN_FILE))
      : reader.secret('BKCI_ADMIN_TOKEN'),
  adminUser: reader.identifier('BKCI_ADMIN_USER', 'admin'),
  trustedProxies: addressRanges(reader, 'BKCI_TRUSTED_PROXIES'),
  ...patLifetimes(reader),
  rateLimits: readRateLimits(reader, shared),
  oauth2CodeSeconds: reader.integer('BKCI_OAUTH2_CODE_SECONDS', 600, 1),
  oauth2AccessTokenSeconds: reader.integer('BKCI_OAUTH2_ACCESS_TOKEN_SECONDS', 2 * 60 * 60, 1),
  oauth2RefreshTokenSeconds: reader.integer('BKCI_OAUTH2_REFRESH_TOKEN_SECONDS', 30 * 24 * 60 * 60, 1),
}));

function patLifetimes(reader: EnvReader): Pick<OpenapiConfig, 'patDefaultDays' | 'patMaxDays'> {
  const patDefaultDays = reader.integer('BKCI_PAT_DEFAULT_DAYS', 90, 1);
  const patMaxDays = reader.integer('BKCI_PAT_MAX_DAYS', 365, 1);
  if (patDefaultDays > patMaxDays) {
    reader.problem(`BKCI_PAT_DEFAULT_DAYS (${patDefaultDays}) may not be more than BKCI_PAT_MAX_DAYS (${patMaxDays})`);
  }
  return { patDefaultDays, patMaxDays };
}

/** A comma-separated list of IP addresses and CIDR ranges (`10.0.0.0/8`, `::1`); empty when unset. */
function addressRanges(reader: EnvReader, name: string): string[] {
  const entries = (reader.raw(name) ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  for (const entry of entries) {
    const [address, prefix, extra] = entry.split('/');
    const family = isIP(address);
    const bits = family === 4 ? 32 : 128;
    const prefixValid = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= bits);
    if (family === 0 || !prefixValid || extra !== undefined) {
      reader.problem(`${name}: each entry must be an IP address or a CIDR range such as 10.0.0.0/8 (got "${entry}")`);
    }
  }
  return entries;
}
