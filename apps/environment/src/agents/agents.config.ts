import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ConfigSection } from '@bkci/config';

/** The agents feature's settings; inject with `@Inject(AGENTS_CONFIG.token)`. */
export interface AgentsConfig {
  /** The URL build machines reach the gateway at, put in install links and scripts. */
  publicUrl: string;
  /** An imported agent silent this long is IMPORT_EXCEPTION (node ABNORMAL); BK-CI waits 50 s. */
  offlineAfterMs: number;
  /** How often the liveness check runs. */
  livenessIntervalMs: number;
  /** How long an install link works (it works once). */
  installLinkTtlSeconds: number;
  /** The install script template, with ##gateway##, ##projectId##, ##agentId##, ##secretKey##. */
  installTemplate: string;
  /** The agent bundle `npm run build` makes, served to install scripts. */
  agentBundle: string;
}

export const AGENTS_CONFIG = new ConfigSection<AgentsConfig>('agents', (reader, shared) => {
  const root = repositoryRoot(__dirname);
  return {
    publicUrl: reader.url('BKCI_PUBLIC_URL', shared.appUrls.openapi, ['http:', 'https:']),
    offlineAfterMs: reader.integer('BKCI_AGENT_OFFLINE_AFTER_MS', 10_000, 1_000),
    livenessIntervalMs: reader.integer('BKCI_AGENT_LIVENESS_INTERVAL_MS', 2_000, 100),
    installLinkTtlSeconds: reader.integer('BKCI_AGENT_INSTALL_LINK_TTL_SECONDS', 3_600, 1),
    installTemplate: reader.text('BKCI_AGENT_INSTALL_TEMPLATE', join(root, 'apps/agent/install/install.sh.template')),
    agentBundle: reader.text('BKCI_AGENT_BUNDLE', join(root, 'dist/agent/bkci-agent.js')),
  };
});

/** The nearest folder above `from` holding package.json: the repository, whether run from its sources or from dist/. */
function repositoryRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return process.cwd();
  }
}
