import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@bkci/config';
import { thrownError } from '@bkci/testing';
import { LOG_CONFIG } from './log.config';

describe('LOG_CONFIG', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'bkci-config-'));
  });

  afterEach(() => {
    rmSync(dataDir, { recursive: true, force: true });
  });

  const load = (env: Record<string, string>) => LOG_CONFIG.load(loadConfig('log', { BKCI_DATA_DIR: dataDir, ...env }));
  const problems = (env: Record<string, string>) => thrownError(ConfigError, () => load(env)).problems;

  it('keeps the lines in SQL by default', () => {
    expect(load({})).toMatchObject({ store: 'sql', elasticsearch: null });
  });

  it('reads the cluster with BKCI_LOG_STORE=elasticsearch', () => {
    expect(load({ BKCI_LOG_STORE: 'elasticsearch', BKCI_ES_URL: 'https://es.example:9200/' }).elasticsearch).toEqual({
      url: 'https://es.example:9200',
      username: null,
      password: null,
      indexPrefix: 'log-',
      shards: 1,
      replicas: 1,
    });
    const full = load({ BKCI_LOG_STORE: 'elasticsearch', BKCI_ES_URL: 'http://es:9200', BKCI_ES_USERNAME: 'elastic', BKCI_ES_PASSWORD: 'pw', BKCI_ES_INDEX_PREFIX: 'ci-log-', BKCI_ES_SHARDS: '3', BKCI_ES_REPLICAS: '0' });
    expect(full.elasticsearch).toEqual({ url: 'http://es:9200', username: 'elastic', password: 'pw', indexPrefix: 'ci-log-', shards: 3, replicas: 0 });
  });

  it('stops on a wrong combination, naming the variable', () => {
    expect(problems({ BKCI_LOG_STORE: 'mongo' })).toEqual(['BKCI_LOG_STORE must be one of sql, elasticsearch (got "mongo")']);
    expect(problems({ BKCI_LOG_STORE: 'elasticsearch' })).toEqual(['BKCI_ES_URL is required with BKCI_LOG_STORE=elasticsearch (the cluster, e.g. http://es:9200)']);
    expect(problems({ BKCI_LOG_STORE: 'elasticsearch', BKCI_ES_URL: 'es:9200' })).toEqual(['BKCI_ES_URL must be a URL starting with http: or https:// (got "es:9200")']);
    expect(problems({ BKCI_LOG_STORE: 'elasticsearch', BKCI_ES_URL: 'http://es:9200', BKCI_ES_USERNAME: 'elastic' })).toEqual([
      'BKCI_ES_USERNAME and BKCI_ES_PASSWORD go together: set both or neither',
    ]);
    expect(problems({ BKCI_LOG_STORE: 'elasticsearch', BKCI_ES_URL: 'http://es:9200', BKCI_ES_INDEX_PREFIX: 'Logs' })[0]).toMatch(/^BKCI_ES_INDEX_PREFIX may hold only/);
    expect(problems({ BKCI_ES_URL: 'http://es:9200', BKCI_ES_REPLICAS: '0' })).toEqual([
      'BKCI_ES_URL, BKCI_ES_REPLICAS set but BKCI_LOG_STORE is sql: set BKCI_LOG_STORE=elasticsearch to keep the lines in Elasticsearch, or unset them',
    ]);
  });
});
