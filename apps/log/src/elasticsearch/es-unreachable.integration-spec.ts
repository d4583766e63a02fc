import { freePort, TestEnvironment } from '@bkci/testing';
import { LogWriteStore } from '../ingest/log-write.store';
import { logApp } from '../log.app';
import { LogError, LogErrorCode } from '../log.errors';
import { LogReadStore } from '../reading/log-read.store';
import { LogSearchStore } from '../search/log-search.store';
import { storesOf } from '../../../../test/log-store-contract';
import { EsLogReadRepository } from './es-log-read.repository';
import { EsLogSearchRepository } from './es-log-search.repository';
import { EsLogWriteRepository } from './es-log-write.repository';

/**
 * BKCI_LOG_STORE=elasticsearch with no cluster listening (no cluster is needed for this): the app
 * starts wired to the adapters, and a batch it cannot index is refused as STORE_UNAVAILABLE with
 * nothing of it kept in SQL, so the agent's retry is stored under the same numbers.
 */
describe('Elasticsearch store with the cluster unreachable', () => {
  const env = new TestEnvironment({ BKCI_LOG_STORE: 'elasticsearch' });
  let stores: ReturnType<typeof storesOf>;

  beforeAll(async () => {
    env.env.BKCI_ES_URL = `http://127.0.0.1:${await freePort()}`;
    const { app } = await env.start(logApp);
    stores = storesOf(app);
    expect([app.get(LogWriteStore), app.get(LogReadStore), app.get(LogSearchStore)].map((store) => store.constructor)).toEqual([
      EsLogWriteRepository,
      EsLogReadRepository,
      EsLogSearchRepository,
    ]);
  });

  afterAll(() => env.close());

  it('refuses the batch with STORE_UNAVAILABLE and keeps nothing of it', async () => {
    const append = stores.transaction(async (manager) => {
      await stores.write.createBuild({ buildId: 'b-down', projectId: 'p', pipelineId: 'pl' }, manager);
      await stores.write.appendLines('b-down', [{ buildId: 'b-down', lineNo: 1, executeCount: 1, timestamp: 1, message: 'lost?', logType: 'LOG', tag: '', subTag: '', containerHashId: '', jobId: '', stepId: '' }], [{ batchKey: 'k', firstLineNo: 1, lineCount: 1 }], manager);
    });
    const error = await append.then(
      () => null,
      (thrown: unknown) => thrown,
    );
    expect(error).toBeInstanceOf(LogError);
    expect(error).toMatchObject({ code: LogErrorCode.STORE_UNAVAILABLE, httpStatus: 503 });
    expect((error as LogError).message).toMatch(/^Elasticsearch failed PUT \/log-\d{4}-\d{2}-\d{2}: .*BKCI_ES_URL/);

    expect(await stores.read.build('b-down')).toBeNull();
    expect(await stores.transaction(async (manager) => (await stores.write.findBatches('b-down', ['k'], manager)).get('k'))).toBeUndefined();
  });

  it('reads a build without lines in the cluster without calling it', async () => {
    expect(await stores.read.lines('b-none', { debug: false, executeCount: 1 }, { limit: 10 })).toEqual([]);
    expect(await stores.search.countContaining(['b-none'], { debug: false, executeCount: 1 }, 'text')).toEqual(new Map());
  });
});
