import { TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { LogBuildEntity } from '../entities/log-build.entity';
import { SqlLogWriteRepository } from '../ingest/sql-log-write.repository';
import { logApp } from '../log.app';
import { LogReadStore } from '../reading/log-read.store';
import { describeLogStoreContract, LogStores, storesOf } from '../../../../test/log-store-contract';
import { EsClient } from './es-client';
import { dailyIndex } from './es-lines';

/*
 * Collected only when ES_URL names a cluster (jest.config.js, project `elasticsearch`), e.g.
 * ES_URL=http://localhost:9200 npm test. Optional ES_USERNAME / ES_PASSWORD. Every suite writes
 * to indices of its own prefix and deletes them at the end; the SQL side is the profile's database.
 */
const ES_URL = (process.env.ES_URL ?? '').trim();
const credentials = { username: process.env.ES_USERNAME?.trim() || null, password: process.env.ES_PASSWORD?.trim() || null };

/** A log app wired to the cluster, with indices named `bkci-test-<id>-yyyy-MM-dd`. */
async function startOnCluster() {
  const env = new TestEnvironment({
    BKCI_LOG_STORE: 'elasticsearch',
    BKCI_ES_URL: ES_URL,
    ...(credentials.username !== null && { BKCI_ES_USERNAME: credentials.username, BKCI_ES_PASSWORD: credentials.password ?? '' }),
    BKCI_ES_REPLICAS: '0',
  });
  const prefix = `bkci-test-${env.id}-`;
  env.env.BKCI_ES_INDEX_PREFIX = prefix;
  const { app } = await env.start(logApp);
  const client = new EsClient({ url: ES_URL.replace(/\/+$/, ''), ...credentials });
  const close = async () => {
    // Exact names: Elasticsearch 8 refuses wildcard deletes by default (action.destructive_requires_name).
    const { body } = await client.json<Record<string, unknown>>('GET', `/${prefix}*`);
    if (Object.keys(body).length > 0) await client.json('DELETE', `/${Object.keys(body).join(',')}`);
    await env.close();
  };
  return { app, env, prefix, client, close };
}

describeLogStoreContract('Elasticsearch', async () => {
  const started = await startOnCluster();
  return { stores: storesOf(started.app), close: started.close };
});

describe('Elasticsearch line store', () => {
  let started: Awaited<ReturnType<typeof startOnCluster>>;
  let stores: LogStores;

  beforeAll(async () => {
    started = await startOnCluster();
    stores = storesOf(started.app);
  });

  afterAll(() => started.close());

  it('pins the day’s index on the build and indexes each line under <buildId>_<lineNo>', async () => {
    await stores.transaction(async (manager) => {
      await stores.write.createBuild({ buildId: 'b-pin', projectId: 'p', pipelineId: 'pl' }, manager);
      await stores.write.appendLines('b-pin', [{ buildId: 'b-pin', lineNo: 1, executeCount: 1, timestamp: 5, message: 'Hello Index', logType: 'LOG', tag: '', subTag: '', containerHashId: '', jobId: '', stepId: '' }], [{ batchKey: 'k', firstLineNo: 1, lineCount: 1 }], manager);
    });
    const row = await started.app.get(DataSource).manager.findOneByOrFail(LogBuildEntity, { buildId: 'b-pin' });
    const today = dailyIndex(started.prefix, new Date());
    // A run across midnight UTC may have pinned yesterday's index.
    expect([today, dailyIndex(started.prefix, new Date(Date.now() - 60_000))]).toContain(row.indexName);

    const doc = await started.client.json<{ found: boolean; _source: { message: string; lineNo: number } }>('GET', `/${row.indexName}/_doc/b-pin_1`);
    expect(doc.body).toMatchObject({ found: true, _source: { message: 'Hello Index', lineNo: 1 } });
    const mapping = await started.client.json<Record<string, { mappings: { properties: Record<string, { type: string }> } }>>('GET', `/${row.indexName}/_mapping`);
    const properties = mapping.body[row.indexName as string].mappings.properties;
    expect([properties.buildId.type, properties.lineNo.type, properties.message.type]).toEqual(['keyword', 'long', 'text']);
  });

  it('keeps the log of a build whose lines were in SQL before the switch in SQL', async () => {
    const sqlWrite = new SqlLogWriteRepository();
    const line = (lineNo: number, message: string) => ({ buildId: 'b-before', lineNo, executeCount: 1, timestamp: 5, message, logType: 'LOG' as const, tag: '', subTag: '', containerHashId: '', jobId: '', stepId: '' });
    await stores.transaction(async (manager) => {
      await sqlWrite.createBuild({ buildId: 'b-before', projectId: 'p', pipelineId: 'pl' }, manager);
      await sqlWrite.appendLines('b-before', [line(1, 'written in sql')], [{ batchKey: 'k1', firstLineNo: 1, lineCount: 1 }], manager);
    });
    await stores.transaction((manager) => stores.write.appendLines('b-before', [line(2, 'written after the switch')], [{ batchKey: 'k2', firstLineNo: 2, lineCount: 1 }], manager));

    const row = await started.app.get(DataSource).manager.findOneByOrFail(LogBuildEntity, { buildId: 'b-before' });
    expect(row.indexName).toBeNull();
    const lines = await started.app.get(LogReadStore).lines('b-before', { debug: false, executeCount: 1 }, { limit: 10 });
    expect(lines.map((stored) => stored.message)).toEqual(['written in sql', 'written after the switch']);
    expect((await stores.search.countContaining(['b-before'], { debug: false, executeCount: 1 }, 'written')).get('b-before')).toBe(2);
  });
});
