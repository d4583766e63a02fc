import { TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { LogBuildEntity } from '../entities/log-build.entity';
import { LogLineEntity } from '../entities/log-line.entity';
import { logApp } from '../log.app';
import { fulltextTerms } from './fulltext-terms';
import { LineFilter } from './log-search.store';
import { SqlLogSearchRepository } from './sql-log-search.repository';

const FILTER: LineFilter = { executeCount: 1, debug: false };

/**
 * The search index made by migration 1764300000003 on the profile's database: it follows the
 * lines as they are inserted, changed and deleted, and the repository's answers are the LIKE truth.
 */
describe('SqlLogSearchRepository', () => {
  const env = new TestEnvironment();
  let dataSource: DataSource;
  let store: SqlLogSearchRepository;
  let sqlite: boolean;

  /** How many lines the index alone finds for `text`: an FTS5 phrase, or InnoDB's terms for it. */
  async function indexed(text: string): Promise<number> {
    const rows: Array<{ found: number | string }> = sqlite
      ? await dataSource.query('SELECT COUNT(*) AS found FROM log_lines_fts WHERE log_lines_fts MATCH ?', [`"${text}"`])
      : await dataSource.query('SELECT COUNT(*) AS found FROM log_lines WHERE MATCH(message) AGAINST (? IN BOOLEAN MODE)', [fulltextTerms(` ${text}`).join(' ')]);
    return Number(rows[0].found);
  }

  async function addLines(buildId: string, messages: string[]): Promise<void> {
    const now = new Date();
    await dataSource.getRepository(LogBuildEntity).insert({ buildId, projectId: 'p', pipelineId: 'pl', lastLineNo: messages.length, finished: false, cleaned: false, createdAt: now, updatedAt: now });
    await dataSource.getRepository(LogLineEntity).insert(
      messages.map((message, index) => ({ buildId, lineNo: index + 1, executeCount: 1, timestamp: 0, message, logType: 'LOG' as const, tag: '', subTag: '', containerHashId: '', jobId: '', stepId: '' })),
    );
  }

  beforeAll(async () => {
    dataSource = (await env.start(logApp)).app.get(DataSource);
    store = new SqlLogSearchRepository(dataSource);
    sqlite = dataSource.options.type === 'better-sqlite3';
  });

  afterAll(() => env.close());

  it('indexes inserted lines, follows changed ones and forgets deleted ones', async () => {
    await addLines('b-index', ['compile zebrafish module', 'link zebrafish binary', 'done']);
    expect(await indexed('zebrafish')).toBe(2);

    await dataSource.getRepository(LogLineEntity).update({ buildId: 'b-index', lineNo: 2 }, { message: 'link okapi binary' });
    expect(await indexed('zebrafish')).toBe(1);
    expect(await indexed('okapi')).toBe(1);

    await dataSource.getRepository(LogLineEntity).delete({ buildId: 'b-index' });
    expect(await indexed('zebrafish')).toBe(0);
    expect(await indexed('okapi')).toBe(0);
    // FTS5 checks its external-content index against log_lines; it throws when they differ.
    if (sqlite) await dataSource.query("INSERT INTO log_lines_fts(log_lines_fts, rank) VALUES ('integrity-check', 1)");
  });

  it('answers what LIKE finds, with or without the index narrowing', async () => {
    await addLines('b-text', ['npm ERR! missing script: build', 'npm ERR! missing script: builder', 'scripts: build ok', 'a_b %c', 'ab xc']);
    const lineNos = async (text: string) => (await store.linesContaining('b-text', FILTER, text, 0, 10)).map((line) => line.lineNo);
    const count = async (text: string) => (await store.countContaining(['b-text'], FILTER, text)).get('b-text') ?? 0;

    // The index itself finds them: the last word as a prefix (InnoDB `+build*`), the others whole; FTS5 trigrams.
    expect(await indexed(sqlite ? 'ERR! missing script: build' : 'err missing script build')).toBe(2);
    expect(await lineNos('ERR! missing script: build')).toEqual([1, 2]);
    expect(await count('ERR! missing script: build')).toBe(2);
    // Starts inside a word: InnoDB's index cannot narrow it, LIKE alone finds it.
    expect(await lineNos('cripts: b')).toEqual([3]);
    expect(await lineNos('MISSING SCRIPT')).toEqual([1, 2]);
    // LIKE's wildcards are literal.
    expect(await lineNos('_b %')).toEqual([4]);
    expect(await lineNos('b %')).toEqual([4]);
    expect(await lineNos('%')).toEqual([4]);
    expect(await count('absent words here')).toBe(0);
    // Paged by line number.
    expect((await store.linesContaining('b-text', FILTER, 'missing', 1, 10)).map((line) => line.lineNo)).toEqual([2]);
  });
});
