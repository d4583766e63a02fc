import { TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { LogLineEntity } from '../entities/log-line.entity';
import { LogStatusEntity } from '../entities/log-status.entity';
import { logApp } from '../log.app';
import { LogFilter } from './log-read.store';
import { SqlLogReadRepository } from './sql-log-read.repository';

const ANY: LogFilter = { debug: true, executeCount: 1 };

/** The read store's queries on the profile's database: windows, filters, and BK-CI's rules for "finished". */
describe('SqlLogReadRepository', () => {
  const env = new TestEnvironment();
  let dataSource: DataSource;
  let store: SqlLogReadRepository;

  const status = (fields: Partial<LogStatusEntity>) =>
    dataSource.getRepository(LogStatusEntity).insert({ buildId: 'b', tag: '', subTag: '', executeCount: 1, containerHashId: '', jobId: '', stepId: '', mode: 'UPLOAD', finished: true, createdAt: new Date(), ...fields });
  const lineNos = async (filter: LogFilter, window = { limit: 100 } as Parameters<SqlLogReadRepository['lines']>[2]) => (await store.lines('b', filter, window)).map((line) => line.lineNo);

  beforeAll(async () => {
    dataSource = (await env.start(logApp)).app.get(DataSource);
    store = new SqlLogReadRepository(dataSource);
    const lines = Array.from({ length: 10 }, (_, i) => {
      const lineNo = i + 1;
      return Object.assign(new LogLineEntity(), {
        buildId: 'b', lineNo, executeCount: lineNo === 10 ? 2 : 1, timestamp: 1000 + lineNo, message: `m${lineNo}`,
        logType: lineNo === 2 ? 'DEBUG' : 'LOG', tag: lineNo <= 5 ? 't1' : 't2', subTag: lineNo === 4 ? 's' : '', containerHashId: lineNo <= 5 ? 'c1' : 'c2', jobId: lineNo <= 5 ? 'j1' : 'j2', stepId: 'x',
      });
    });
    await dataSource.getRepository(LogLineEntity).insert(lines);
    await status({ tag: 't1' });
    await status({ tag: '', containerHashId: 'c2', finished: false });
    await status({ tag: 't2', stepId: 'st2', finished: true, mode: 'LOCAL' });
  });

  afterAll(() => env.close());

  it('reads windows in either direction, within the run, with each filter', async () => {
    expect(await lineNos(ANY)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(await lineNos({ ...ANY, debug: false })).toEqual([1, 3, 4, 5, 6, 7, 8, 9]);
    expect(await lineNos(ANY, { from: 3, to: 6, limit: 100 })).toEqual([3, 4, 5, 6]);
    expect(await lineNos(ANY, { from: 3, limit: 2, descending: true })).toEqual([9, 8]);
    expect(await lineNos({ ...ANY, executeCount: 2 })).toEqual([10]);
    expect(await lineNos({ ...ANY, tag: 't2' })).toEqual([6, 7, 8, 9]);
    expect(await lineNos({ ...ANY, subTag: 's' })).toEqual([4]);
    expect(await lineNos({ ...ANY, containerHashId: 'c1' })).toEqual([1, 2, 3, 4, 5]);
    expect(await lineNos({ ...ANY, jobId: 'j2', stepId: 'x' })).toEqual([6, 7, 8, 9]);
    expect(await lineNos({ ...ANY, logType: 'DEBUG' })).toEqual([2]);
    expect(await lineNos({ ...ANY, stepId: 'nope' })).toEqual([]);
  });

  it('decides "finished" as BK-CI: a job by its row without tag, a step by its step id, else the tag’s row', async () => {
    expect(await store.statusFinished('b', { ...ANY, tag: 't1' })).toBe(true);
    expect(await store.statusFinished('b', { ...ANY, tag: 't1', subTag: 's' })).toBe(false);
    expect(await store.statusFinished('b', { ...ANY, containerHashId: 'c2', tag: 't1' })).toBe(false);
    expect(await store.statusFinished('b', { ...ANY, stepId: 'st2' })).toBe(true);
    expect(await store.statusFinished('b', { ...ANY, tag: 't1', executeCount: 2 })).toBe(false);
    expect(await store.statusFinished('b', ANY)).toBe(false);
  });

  it('reads a task’s mode and the build state', async () => {
    expect(await store.taskStatus('b', 't2', 1)).toEqual({ mode: 'LOCAL', finished: true });
    expect(await store.taskStatus('b', 't9', 1)).toBeNull();
    expect(await store.build('b')).toBeNull();
    expect(await store.subTags('b', 't1')).toBeNull();
  });
});
