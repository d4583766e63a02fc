import { TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { LogBatchEntity } from '../entities/log-batch.entity';
import { LogBuildEntity } from '../entities/log-build.entity';
import { LogLineEntity } from '../entities/log-line.entity';
import { LogSubTagEntity } from '../entities/log-sub-tag.entity';
import { logApp } from '../log.app';
import { LogTaskLinesEntity } from './entities/log-task-lines.entity';
import { SqlLogWriteRepository } from './sql-log-write.repository';

/** The write store on the profile's database: large groups of lines, counters and sub-tags. */
describe('SqlLogWriteRepository', () => {
  const env = new TestEnvironment();
  let dataSource: DataSource;
  const store = new SqlLogWriteRepository();

  beforeAll(async () => {
    dataSource = (await env.start(logApp)).app.get(DataSource);
  });

  afterAll(() => env.close());

  it('stores 1,100 lines of 16 KB in one call (past MariaDB max_allowed_packet of 16 MB as one statement), with their batch rows', async () => {
    const buildId = 'b-big';
    const lines: LogLineEntity[] = Array.from({ length: 1100 }, (_, i) => ({
      buildId, lineNo: i + 1, executeCount: 1, timestamp: 1_700_000_000_000 + i, message: `${i}:` + `'é\\"`.repeat(4096), logType: 'LOG', tag: 't', subTag: '', containerHashId: 'c', jobId: 'j', stepId: 's',
    }));
    await dataSource.transaction(async (manager) => {
      await store.createBuild({ buildId, projectId: 'p', pipelineId: 'pl' }, manager);
      await store.appendLines(buildId, lines, [{ batchKey: 'k1', firstLineNo: 1, lineCount: 600 }, { batchKey: 'k2', firstLineNo: 601, lineCount: 500 }], manager);
    });
    const stored = await dataSource.getRepository(LogLineEntity).find({ where: { buildId }, order: { lineNo: 'ASC' } });
    expect(stored.length).toBe(1100);
    expect(stored).toEqual(lines);
    expect((await dataSource.getRepository(LogBuildEntity).findOneByOrFail({ buildId })).lastLineNo).toBe(1100);
    const batches = await store.findBatches(buildId, ['k1', 'k2', 'k3'], dataSource.manager);
    expect([...batches]).toEqual([['k1', { firstLineNo: 1, lineCount: 600 }], ['k2', { firstLineNo: 601, lineCount: 500 }]]);
    expect(await dataSource.getRepository(LogBatchEntity).countBy({ buildId })).toBe(2);
  });

  it('saves task counts and adds sub-tags over what is stored, each once, in first-seen order', async () => {
    const buildId = 'b-counts';
    await dataSource.transaction(async (manager) => {
      await store.saveTaskLineCounts(buildId, [{ tag: 't', executeCount: 1, lineCount: 5, limitBatchKey: null }], manager);
      await store.addSubTags(buildId, new Map([['t', ['a', 'b']]]), manager);
    });
    await dataSource.transaction(async (manager) => {
      const counts = await store.taskLineCounts(buildId, [{ tag: 't', executeCount: 1 }], manager);
      expect(counts).toEqual([{ tag: 't', executeCount: 1, lineCount: 5, limitBatchKey: null }]);
      await store.saveTaskLineCounts(buildId, [{ ...counts[0], lineCount: 7, limitBatchKey: 'k' }, { tag: 'u', executeCount: 2, lineCount: 1, limitBatchKey: null }], manager);
      await store.addSubTags(buildId, new Map([['t', ['b', 'c']], ['u', ['x']]]), manager);
    });
    const counts = await dataSource.getRepository(LogTaskLinesEntity).find({ where: { buildId }, order: { tag: 'ASC' } });
    expect(counts.map(({ tag, executeCount, lineCount, limitBatchKey }) => ({ tag, executeCount, lineCount, limitBatchKey }))).toEqual([
      { tag: 't', executeCount: 1, lineCount: 7, limitBatchKey: 'k' },
      { tag: 'u', executeCount: 2, lineCount: 1, limitBatchKey: null },
    ]);
    expect(await store.limitsReachedBy(buildId, 'k', dataSource.manager)).toBe(1);
    const subTags = await dataSource.getRepository(LogSubTagEntity).find({ where: { buildId }, order: { tag: 'ASC' } });
    expect(subTags.map(({ tag, subTags: names }) => [tag, names])).toEqual([['t', ['a', 'b', 'c']], ['u', ['x']]]);
  });
});
