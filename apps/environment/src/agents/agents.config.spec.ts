import { ConfigError, loadConfig } from '@bkci/config';
import { AGENTS_CONFIG } from './agents.config';

const BASE = { BKCI_PROFILE: 'embedded', BKCI_DATA_DIR: '/tmp/bkci-agents-config-spec', BKCI_OPENAPI_URL: 'http://gateway.example:8080' };

function load(env: Record<string, string>) {
  return AGENTS_CONFIG.load(loadConfig('environment', { ...BASE, ...env }));
}

describe('AGENTS_CONFIG', () => {
  it('defaults to the plan: offline after 10 s, checked every 2 s, links for an hour, the gateway as the public URL', () => {
    const config = load({});
    expect(config).toMatchObject({ publicUrl: 'http://gateway.example:8080', offlineAfterMs: 10_000, livenessIntervalMs: 2_000, installLinkTtlSeconds: 3_600 });
    expect(config.installTemplate).toMatch(/apps\/agent\/install\/install\.sh\.template$/);
    expect(config.agentBundle).toMatch(/dist\/agent\/bkci-agent\.js$/);
  });

  it('takes each setting from its variable, the public URL without a trailing slash', () => {
    const config = load({ BKCI_PUBLIC_URL: 'https://ci.example.com/', BKCI_AGENT_OFFLINE_AFTER_MS: '15000', BKCI_AGENT_LIVENESS_INTERVAL_MS: '500', BKCI_AGENT_INSTALL_LINK_TTL_SECONDS: '60' });
    expect(config).toMatchObject({ publicUrl: 'https://ci.example.com', offlineAfterMs: 15_000, livenessIntervalMs: 500, installLinkTtlSeconds: 60 });
  });

  it('names every wrong variable', () => {
    let error: unknown;
    try {
      load({ BKCI_PUBLIC_URL: 'ftp://x', BKCI_AGENT_OFFLINE_AFTER_MS: '10', BKCI_AGENT_INSTALL_LINK_TTL_SECONDS: 'soon' });
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const text = (error as Error).message;
    for (const name of ['BKCI_PUBLIC_URL', 'BKCI_AGENT_OFFLINE_AFTER_MS', 'BKCI_AGENT_INSTALL_LINK_TTL_SECONDS']) expect(text).toContain(name);
  });
});
