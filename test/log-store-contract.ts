import type { INestApplication } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { LogLineEntity } from '../apps/log/src/entities/log-line.entity';
import { LogWriteStore } from '../apps/log/src/ingest/log-write.store';
import { LogStatus } from '../apps/log/src/log-line';
import { MAX_LINES_PER_READ } from '../apps/log/src/reading/dto/log-query.dto';
import { LogFilter, LogReadStore } from '../apps/log/src/reading/log-read.store';
import { LogReadService } from '../apps/log/src/reading/log-read.service';
import { LogRetentionStore } from '../apps/log/src/retention/log-retention.store';
import { LineFilter, LogSearchStore } from '../apps/log/src/search/log-search.store';
import { LogSearchService } from '../apps/log/src/search/log-search.service';

/** The four storage ports of one implementation, and a transaction to write through them in. */
export interface LogStores {
  write: LogWriteStore;
  read: LogReadStore;
  search: LogSearchStore;
  retention: LogRetentionStore;
  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T>;
}

/** The ports a started log app was wired with (BKCI_LOG_STORE decides which). */
export function storesOf(app: INestApplication): LogStores {
  const dataSource = app.get(DataSource);
  return {
    write: app.get(LogWriteStore),
    read: app.get(LogReadStore),
    search: app.get(LogSearchStore),
    retention: app.get(LogRetentionStore),
    transaction: (work) => dataSource.transaction(work),
  };
}

type LineSeed = Partial<Omit<LogLineEntity, 'buildId' | 'lineNo'>>;

const PROJECT = 'p';
const PIPELINE = 'pl';
const ANY: LogFilter = { debug: true, executeCount: 1 };
const SEARCH: LineFilter = { executeCount: 1, debug: false };
const DAY_MS = 24 * 60 * 60 * 1000;

class RolledBack extends Error {}

/**
 * What every implementation of the log storage ports must do, from the outside: lines written
 * through the write port in the service's transaction, read back through the read, search and
 * retention ports and through the read and search services. Run for SQL in both profiles
 * (sql-log-stores.integration-spec.ts) and for Elasticsearch when ES_URL names a cluster
 * (elasticsearch/es-log-stores.es-spec.ts).
 */
export function describeLogStoreContract(name: string, open: () => Promise<{ stores: LogStores; close: () => Promise<void> }>): void {
  describe(`log storage contract: ${name}`, () => {
    let stores: LogStores;
    let close: () => Promise<void>;

    /** Numbers and appends a batch as the ingest service does; `rollback` throws before commit. */
    async function append(buildId: string, batchKey: string, seeds: LineSeed[], { pipelineId = PIPELINE, rollback = false } = {}): Promise<void> {
      await stores
        .transaction(async (manager) => {
          const build = (await stores.write.findBuild(buildId, manager)) ?? (await stores.write.createBuild({ buildId, projectId: PROJECT, pipelineId }, manager));
          let lineNo = build.lastLineNo;
          const lines = seeds.map((seed) => ({ ...line(buildId), ...seed, lineNo: ++lineNo }));
          await stores.write.appendLines(buildId, lines, [{ batchKey, firstLineNo: lines[0].lineNo, lineCount: lines.length }], manager);
          if (rollback) throw new RolledBack();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RolledBack)) throw error;
        });
    }

    const lineNos = async (buildId: string, filter: LogFilter, window: Parameters<LogReadStore['lines']>[2] = { limit: 100 }) =>
      (await stores.read.lines(buildId, filter, window)).map((row) => row.lineNo);
    const found = async (buildId: string, text: string, filter = SEARCH, offset = 0) =>
      (await stores.search.linesContaining(buildId, filter, text, offset, 100)).map((row) => row.lineNo);
    const count = async (buildId: string, text: string, filter = SEARCH) => (await stores.search.countContaining([buildId], filter, text)).get(buildId) ?? 0;

    beforeAll(async () => {
      ({ stores, close } = await open());
    });

    afterAll(() => close());

    it('numbers batches without gaps and reads every field back', async () => {
      await append('b-num', 'k1', [{ message: 'one', timestamp: 1_700_000_000_001, tag: 't', subTag: 's', containerHashId: 'c', jobId: 'j', stepId: 'st' }, { message: 'two' }, { message: 'three', logType: 'ERROR' }]);
      await append('b-num', 'k2', [{ message: 'four' }, { message: 'five', executeCount: 2 }]);

      expect(await stores.read.build('b-num')).toEqual({ buildId: 'b-num', projectId: PROJECT, pipelineId: PIPELINE, lastLineNo: 5, finished: false, cleaned: false });
      expect(await stores.transaction(async (manager) => (await stores.write.findBatches('b-num', ['k2'], manager)).get('k2'))).toEqual({ firstLineNo: 4, lineCount: 2 });
      const rows = await stores.read.lines('b-num', ANY, { limit: 100 });
      expect(rows.map((row) => ({ ...row }))).toEqual([
        { ...line('b-num'), lineNo: 1, message: 'one', timestamp: 1_700_000_000_001, tag: 't', subTag: 's', containerHashId: 'c', jobId: 'j', stepId: 'st' },
        { ...line('b-num'), lineNo: 2, message: 'two' },
        { ...line('b-num'), lineNo: 3, message: 'three', logType: 'ERROR' },
        { ...line('b-num'), lineNo: 4, message: 'four' },
      ]);
      expect(await lineNos('b-num', { ...ANY, executeCount: 2 })).toEqual([5]);
      expect(await lineNos('b-none', ANY)).toEqual([]);
    });

    it('reads windows in either direction, within the run, with each filter', async () => {
      await append(
        'b-read',
        'k',
        Array.from({ length: 10 }, (_, i) => {
          const n = i + 1;
          return { executeCount: n === 10 ? 2 : 1, message: `m${n}`, logType: n === 2 ? 'DEBUG' : 'LOG', tag: n <= 5 ? 't1' : 't2', subTag: n === 4 ? 's' : '', containerHashId: n <= 5 ? 'c1' : 'c2', jobId: n <= 5 ? 'j1' : 'j2', stepId: 'x' } as LineSeed;
        }),
      );
      expect(await lineNos('b-read', ANY)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await lineNos('b-read', { ...ANY, debug: false })).toEqual([1, 3, 4, 5, 6, 7, 8, 9]);
      expect(await lineNos('b-read', ANY, { from: 3, to: 6, limit: 100 })).toEqual([3, 4, 5, 6]);
      expect(await lineNos('b-read', ANY, { from: 3, limit: 2, descending: true })).toEqual([9, 8]);
      expect(await lineNos('b-read', ANY, { to: 4, limit: 2, descending: true })).toEqual([4, 3]);
      expect(await lineNos('b-read', { ...ANY, executeCount: 2 })).toEqual([10]);
      expect(await lineNos('b-read', { ...ANY, tag: 't2' })).toEqual([6, 7, 8, 9]);
      expect(await lineNos('b-read', { ...ANY, subTag: 's' })).toEqual([4]);
      expect(await lineNos('b-read', { ...ANY, containerHashId: 'c1' })).toEqual([1, 2, 3, 4, 5]);
      expect(await lineNos('b-read', { ...ANY, jobId: 'j2', stepId: 'x' })).toEqual([6, 7, 8, 9]);
      expect(await lineNos('b-read', { ...ANY, logType: 'DEBUG' })).toEqual([2]);
      expect(await lineNos('b-read', { ...ANY, tag: '' })).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      expect(await lineNos('b-read', { ...ANY, stepId: 'nope' })).toEqual([]);
    });

    it('answers the read API past one read’s limit: hasMore, reverse, after, latest, more, download pages', async () => {
      const total = MAX_LINES_PER_READ + 50;
      await append('b-long', 'k', Array.from({ length: total }, (_, i) => ({ message: `line ${i + 1}` })));
      const reads = new LogReadService(stores.read);
      const scope = { projectId: PROJECT, pipelineId: PIPELINE, buildId: 'b-long' };

      const init = await reads.init(scope, {});
      expect([init.status, init.hasMore, init.logs.length, init.logs[0].lineNo, init.logs.at(-1)?.lineNo]).toEqual([LogStatus.SUCCEED, true, MAX_LINES_PER_READ, 1, MAX_LINES_PER_READ]);
      const reverse = await reads.init(scope, { reverse: true });
      expect([reverse.hasMore, reverse.logs.length, reverse.logs[0].lineNo, reverse.logs.at(-1)?.lineNo]).toEqual([true, MAX_LINES_PER_READ, total, 51]);
      const after = await reads.after(scope, { start: MAX_LINES_PER_READ + 1 });
      expect([after.hasMore, after.logs.map((row) => row.lineNo)]).toEqual([false, Array.from({ length: 50 }, (_, i) => MAX_LINES_PER_READ + 1 + i)]);
      const latest = await reads.latest(scope, { size: 3 });
      expect([latest.hasMore, latest.content, latest.startLineNo, latest.endLineNo]).toEqual([true, `line ${total - 2}\nline ${total - 1}\nline ${total}`, total - 2, total]);
      const more = await reads.more(scope, { start: 100, end: 200, num: 5, fromStart: false });
      expect(more.logs.map((row) => row.lineNo)).toEqual([196, 197, 198, 199, 200]);

      const build = await reads.downloadable(scope);
      const pages: number[][] = [];
      for await (const page of reads.downloadPages(build, {})) pages.push(page.map((row) => row.lineNo));
      expect(pages.length).toBeGreaterThan(1);
      expect(pages.flat()).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    });

    it('keeps statuses, modes and sub-tags', async () => {
      await append('b-status', 'k', [{ tag: 't1', subTag: 'a' }, { tag: 't1', subTag: 'b' }]);
      await stores.transaction(async (manager) => {
        await stores.write.addSubTags('b-status', new Map([['t1', ['a', 'b']]]), manager);
        await stores.write.upsertStatus({ buildId: 'b-status', tag: 't1', subTag: '', executeCount: 1, containerHashId: 'c', jobId: '', stepId: 'st', finished: true, mode: 'LOCAL' }, manager);
      });
      expect(await stores.read.subTags('b-status', 't1')).toEqual(['a', 'b']);
      expect(await stores.read.taskStatus('b-status', 't1', 1)).toEqual({ mode: 'LOCAL', finished: true });
      expect(await stores.read.statusFinished('b-status', { ...ANY, tag: 't1' })).toBe(true);
      expect(await stores.read.statusFinished('b-status', { ...ANY, tag: 't2' })).toBe(false);
    });

    it('finds plain text anywhere in a line, any case, wildcards literal, with the line filters', async () => {
      await append('b-text', 'k', [
        { message: 'npm ERR! missing script: build' },
        { message: 'npm ERR! missing script: builder' },
        { message: 'scripts: build ok' },
        { message: 'a_b %c' },
        { message: 'ab xc' },
        { message: 'missing debug', logType: 'DEBUG' },
        { message: 'missing in t2', tag: 't2' },
        { message: 'missing run 2', executeCount: 2 },
      ], { pipelineId: 'pl-search' });

      expect(await found('b-text', 'ERR! missing script: build')).toEqual([1, 2]);
      expect(await count('b-text', 'ERR! missing script: build')).toBe(2);
      expect(await found('b-text', 'cripts: b')).toEqual([3]);
      expect(await found('b-text', 'MISSING SCRIPT')).toEqual([1, 2]);
      expect(await found('b-text', '_b %')).toEqual([4]);
      expect(await found('b-text', 'b %')).toEqual([4]);
      // Shorter than a trigram.
      expect(await found('b-text', '%')).toEqual([4]);
      expect(await found('b-text', 'AB')).toEqual([5]);
      expect(await count('b-text', 'b')).toBe(5);
      expect(await found('b-text', 'b', SEARCH, 3)).toEqual([4, 5]);
      expect(await count('b-text', 'absent words here')).toBe(0);
      expect(await found('b-text', 'missing', SEARCH, 1)).toEqual([2, 7]);
      expect(await count('b-text', 'missing')).toBe(3);
      expect(await found('b-text', 'missing', { ...SEARCH, debug: true })).toEqual([1, 2, 6, 7]);
      expect(await found('b-text', 'missing', { ...SEARCH, tag: 't2' })).toEqual([7]);
      expect(await found('b-text', 'missing', { ...SEARCH, tag: '' })).toEqual([1, 2]);
      expect(await found('b-text', 'missing', { ...SEARCH, executeCount: 2 })).toEqual([8]);
      expect((await stores.search.linesAfter('b-text', SEARCH, 2, 2)).map((row) => row.lineNo)).toEqual([3, 4]);
      expect((await stores.search.linesBefore('b-text', SEARCH, 5, 2)).map((row) => row.lineNo)).toEqual([3, 4]);
      expect((await stores.search.linesBefore('b-text', SEARCH, 1, 2)).map((row) => row.lineNo)).toEqual([]);
    });

    it('searches builds and pipelines with context, in plain text and regex', async () => {
      await append('b-text2', 'k', [{ message: 'missing again' }], { pipelineId: 'pl-search' });
      const search = new LogSearchService(stores.search);

      const plain = await search.searchBuild(PROJECT, 'pl-search', 'b-text', { q: 'missing script', context: 1 });
      expect(plain.count).toBe(2);
      expect(plain.records.map((match) => [match.lineNo, match.before.map((row) => row.lineNo), match.after.map((row) => row.lineNo)])).toEqual([
        [1, [], [2]],
        [2, [1], [3]],
      ]);
      expect(plain.records[0]).toMatchObject({ buildId: 'b-text', message: 'npm ERR! missing script: build', priority: 40 });

      const regex = await search.searchBuild(PROJECT, 'pl-search', 'b-text', { q: 'script: build(er)?$', regex: true, context: 0 });
      expect([regex.count, regex.truncated, regex.records.map((match) => match.lineNo)]).toEqual([2, false, [1, 2]]);

      const pipeline = await search.searchPipeline(PROJECT, 'pl-search', { q: 'missing', context: 0 });
      expect(pipeline.count).toBe(4);
      expect(pipeline.records.map((match) => `${match.buildId}:${match.lineNo}`)).toEqual(['b-text2:1', 'b-text:1', 'b-text:2', 'b-text:7']);
      const second = await search.searchPipeline(PROJECT, 'pl-search', { q: 'missing', context: 0, page: 2, pageSize: 3 });
      expect(second.records.map((match) => `${match.buildId}:${match.lineNo}`)).toEqual(['b-text:7']);
    });

    it('removes every line in rounds for retention, and the build reads as cleaned', async () => {
      await append('b-ret', 'k', Array.from({ length: 10 }, (_, i) => ({ message: `old ${i + 1}` })));
      expect(await stores.retention.expiredBuilds(new Date(Date.now() + DAY_MS), 1000)).toContain('b-ret');

      const rounds: number[] = [];
      for (let deleted = -1; deleted !== 0; ) rounds.push((deleted = await stores.retention.deleteLines('b-ret', 4)));
      expect(rounds).toEqual([4, 4, 2, 0]);
      await stores.retention.markCleaned('b-ret', new Date());

      expect(await stores.retention.expiredBuilds(new Date(Date.now() + DAY_MS), 1000)).not.toContain('b-ret');
      expect(await stores.read.build('b-ret')).toMatchObject({ cleaned: true, lastLineNo: 10 });
      expect(await lineNos('b-ret', ANY)).toEqual([]);
      expect(await count('b-ret', 'old')).toBe(0);
      const init = await new LogReadService(stores.read).init({ projectId: PROJECT, pipelineId: PIPELINE, buildId: 'b-ret' }, {});
      expect([init.status, init.logs]).toEqual([LogStatus.CLEAN, []]);
    });

    it('shows nothing of a batch whose transaction rolled back, and gives its numbers to the next', async () => {
      await append('b-roll', 'k1', [{ message: 'kept 1' }, { message: 'kept 2' }]);
      await append('b-roll', 'ghost', Array.from({ length: 4 }, (_, i) => ({ message: `ghost ${i + 3}` })), { rollback: true });
      expect(await stores.read.build('b-roll')).toMatchObject({ lastLineNo: 2 });
      expect(await lineNos('b-roll', ANY)).toEqual([1, 2]);
      expect(await count('b-roll', 'ghost')).toBe(0);

      // The next batch, of another run, takes numbers 3 and 4.
      await append('b-roll', 'k2', [{ message: 'real 3', executeCount: 2 }, { message: 'real 4', executeCount: 2 }]);
      expect(await stores.transaction(async (manager) => (await stores.write.findBatches('b-roll', ['ghost'], manager)).get('ghost'))).toBeUndefined();
      expect((await stores.read.lines('b-roll', ANY, { limit: 100 })).map((row) => row.message)).toEqual(['kept 1', 'kept 2']);
      expect((await stores.read.lines('b-roll', { ...ANY, executeCount: 2 }, { limit: 100 })).map((row) => row.message)).toEqual(['real 3', 'real 4']);
      expect(await count('b-roll', 'ghost')).toBe(0);
      expect(await count('b-roll', 'ghost', { ...SEARCH, executeCount: 2 })).toBe(0);
      expect((await stores.search.linesAfter('b-roll', { ...SEARCH, executeCount: 2 }, 0, 10)).map((row) => row.lineNo)).toEqual([3, 4]);
    });
  });
}

/** A LOG line of run 1 with every tag empty, as the ingest service fills in absent fields. */
function line(buildId: string): Omit<LogLineEntity, 'lineNo'> {
  return { buildId, executeCount: 1, timestamp: 1_700_000_000_000, message: '', logType: 'LOG', tag: '', subTag: '', containerHashId: '', jobId: '', stepId: '' };
}
