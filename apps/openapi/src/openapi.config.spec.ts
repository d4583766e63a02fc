import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@bkci/config';
import { OPENAPI_CONFIG } from './openapi.config';
import { thrownError } from '@bkci/testing';

describe('OPENAPI_CONFIG', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bkci-config-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const load = (env: Record<string, string>) => OPENAPI_CONFIG.load(loadConfig('openapi', { BKCI_DATA_DIR: dataDir, ...env }));

  it('gives the gateway an admin token, generated once and read back in the embedded profile', () => {
    const shared = loadConfig('openapi', { BKCI_DATA_DIR: dataDir });
    const openapi = OPENAPI_CONFIG.load(shared);

    expect(shared.port).toBe(8080);
    expect(typeof openapi.adminToken).toBe('string');
    expect(openapi.adminToken.length).toBeGreaterThanOrEqual(32);
    expect(openapi.adminToken).not.toBe(shared.serviceToken.secret);
    expect(load({}).adminToken).toBe(openapi.adminToken);
  });

  it('requires BKCI_ADMIN_TOKEN in the services profile', () => {
    const error = thrownError(ConfigError, () => load({ BKCI_PROFILE: 'services', BKCI_SERVICE_SECRET: 'x'.repeat(32) }));

    expect(error.problems).toEqual(['BKCI_ADMIN_TOKEN is required in the services profile (a random string of at least 32 characters)']);
  });

  it('gives the gateway the proxies it trusts, none by default', () => {
    expect(load({}).trustedProxies).toEqual([]);
    const listed = load({ BKCI_TRUSTED_PROXIES: ' 10.0.0.0/8, 192.168.1.7 ,::1,fd00::/8' });
    expect(listed.trustedProxies).toEqual(['10.0.0.0/8', '192.168.1.7', '::1', 'fd00::/8']);
  });

  it('refuses a trusted proxy that is not an address or a CIDR range, naming each', () => {
    const error = thrownError(ConfigError, () => load({ BKCI_TRUSTED_PROXIES: '10.0.0.0/33,proxy.local,::1/129,10.0.0.1/8/2,10.0.0.1' }));

    expect(error.problems).toHaveLength(4);
    for (const [index, entry] of ['10.0.0.0/33', 'proxy.local', '::1/129', '10.0.0.1/8/2'].entries()) {
      expect(error.problems[index]).toBe(`BKCI_TRUSTED_PROXIES: each entry must be an IP address or a CIDR range such as 10.0.0.0/8 (got "${entry}")`);
    }
  });

  it('gives personal access tokens 90 days by default and 365 at most, both settable', () => {
    expect(load({})).toMatchObject({ patDefaultDays: 90, patMaxDays: 365 });
    expect(load({ BKCI_PAT_DEFAULT_DAYS: '30', BKCI_PAT_MAX_DAYS: '30' })).toMatchObject({ patDefaultDays: 30, patMaxDays: 30 });
  });

  it('refuses token lifetimes that are not whole days, or a default past the maximum', () => {
    expect(thrownError(ConfigError, () => load({ BKCI_PAT_DEFAULT_DAYS: '0', BKCI_PAT_MAX_DAYS: 'a year' })).problems).toEqual([
      'BKCI_PAT_DEFAULT_DAYS must be a whole number ≥ 1 (got "0")',
      'BKCI_PAT_MAX_DAYS must be a whole number ≥ 1 (got "a year")',
    ]);
    expect(thrownError(ConfigError, () => load({ BKCI_PAT_DEFAULT_DAYS: '400' })).problems).toEqual([
      'BKCI_PAT_DEFAULT_DAYS (400) may not be more than BKCI_PAT_MAX_DAYS (365)',
    ]);
  });

  it('gives OAuth2 codes 10 minutes, access tokens 2 hours and refresh tokens 30 days by default, each settable', () => {
    expect(load({})).toMatchObject({ oauth2CodeSeconds: 600, oauth2AccessTokenSeconds: 7200, oauth2RefreshTokenSeconds: 2_592_000 });
    const set = load({ BKCI_OAUTH2_CODE_SECONDS: '60', BKCI_OAUTH2_ACCESS_TOKEN_SECONDS: '300', BKCI_OAUTH2_REFRESH_TOKEN_SECONDS: '86400' });
    expect(set).toMatchObject({ oauth2CodeSeconds: 60, oauth2AccessTokenSeconds: 300, oauth2RefreshTokenSeconds: 86_400 });
    expect(thrownError(ConfigError, () => load({ BKCI_OAUTH2_ACCESS_TOKEN_SECONDS: '0' })).problems).toEqual(['BKCI_OAUTH2_ACCESS_TOKEN_SECONDS must be a whole number ≥ 1 (got "0")']);
  });
});
