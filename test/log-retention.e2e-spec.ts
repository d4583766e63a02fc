import request from 'supertest';
import { LockService } from '@bkci/locking';
import { TEST_ADMIN_TOKEN, TestEnvironment, memberToken } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { LogBatchEntity } from '../apps/log/src/entities/log-batch.entity';
import { LogBuildEntity } from '../apps/log/src/entities/log-build.entity';
import { LogLineEntity } from '../apps/log/src/entities/log-line.entity';
import { LogStatusEntity } from '../apps/log/src/entities/log-status.entity';
import { LogSubTagEntity } from '../apps/log/src/entities/log-sub-tag.entity';
import { logApp } from '../apps/log/src/log.app';
import { LINES_PER_DELETE, LogRetentionService, RETENTION_LOCK_KEY } from '../apps/log/src/retention/log-retention.service';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const DAY = 24 * 60 * 60 * 1000;
/** More than two statements' worth, so a build's lines go in several chunks. */
const LONG_LOG = 2 * LINES_PER_DELETE + 123;

/**
 * The clean-up with the app's default retention (30 days). The runs that need a clock are called on
 * the service with `now` in the future; the operator route runs it with the real clock.
 */
describe('log retention', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let logData: DataSource;
  let retention: LogRetentionService;
  let locks: LockService;

  const linesOf = (buildId: string) => logData.getRepository(LogLineEntity).countBy({ buildId });
  const buildRow = (buildId: string) => logData.getRepository(LogBuildEntity).findOneByOrFail({ buildId });

  async function addBuild(buildId: string, createdAt: Date, lineCount: number): Promise<void> {
    await logData.getRepository(LogBuildEntity).insert({ buildId, projectId: 'ret-a', pipelineId: 'p-1', lastLineNo: lineCount, finished: true, cleaned: false, createdAt, updatedAt: createdAt });
    const lines = Array.from({ length: lineCount }, (_, index) => ({
      buildId,
      lineNo: index + 1,
      executeCount: 1,
      timestamp: createdAt.getTime(),
      message: `line ${index + 1}`,
      logType: 'LOG' as const,
      tag: 't1',
      subTag: '',
      containerHashId: 'c-1',
      jobId: 'job_1',
      stepId: 'step_1',
    }));
    for (let i = 0; i < lines.length; i += 1000) await logData.getRepository(LogLineEntity).insert(lines.slice(i, i + 1000));
    await logData.getRepository(LogBatchEntity).insert({ buildId, batchKey: 'batch-1', firstLineNo: 1, lineCount, createdAt });
    await logData.getRepository(LogStatusEntity).insert({ buildId, tag: 't1', subTag: '', executeCount: 1, containerHashId: 'c-1', jobId: 'job_1', stepId: 'step_1', mode: 'UPLOAD', finished: true, createdAt });
    await logData.getRepository(LogSubTagEntity).insert({ buildId, tag: 't1', subTags: ['a'] });
  }

  beforeAll(async () => {
    await env.start(processApp);
    const log = await env.start(logApp);
    logData = log.app.get(DataSource);
    retention = log.app.get(LogRetentionService);
    locks = log.app.get(LockService);
    gateway = (await env.start(openapiApp)).url;
  });

  afterAll(() => env.close());

  it('removes the lines, batches, statuses and sub-tags of builds older than the retention, and keeps the row marked cleaned', async () => {
    const now = new Date();
    await addBuild('old-1', new Date(now.getTime() - 40 * DAY), LONG_LOG);
    await addBuild('recent-1', new Date(now.getTime() - 29 * DAY), 3);

    const run = await retention.clean(now);
    expect(run).toEqual({ ran: true, cleanedBuilds: 1, deletedLines: LONG_LOG });
    expect(await linesOf('old-1')).toBe(0);
    expect(await logData.getRepository(LogBatchEntity).countBy({ buildId: 'old-1' })).toBe(0);
    expect(await logData.getRepository(LogStatusEntity).countBy({ buildId: 'old-1' })).toBe(0);
    expect(await logData.getRepository(LogSubTagEntity).countBy({ buildId: 'old-1' })).toBe(0);
    expect(await buildRow('old-1')).toMatchObject({ cleaned: true, projectId: 'ret-a', pipelineId: 'p-1' });

    expect(await linesOf('recent-1')).toBe(3);
    expect(await logData.getRepository(LogStatusEntity).countBy({ buildId: 'recent-1' })).toBe(1);
    expect((await buildRow('recent-1')).cleaned).toBe(false);

    // Nothing left to do at the same time; two days later the recent build has expired too.
    expect(await retention.clean(now)).toEqual({ ran: true, cleanedBuilds: 0, deletedLines: 0 });
    expect(await retention.clean(new Date(now.getTime() + 2 * DAY))).toEqual({ ran: true, cleanedBuilds: 1, deletedLines: 3 });
    expect(await linesOf('recent-1')).toBe(0);
    expect((await buildRow('recent-1')).cleaned).toBe(true);
  });

  it('does nothing while another run holds the lock, and two runs at once clean once', async () => {
    const now = new Date();
    await addBuild('old-2', new Date(now.getTime() - 31 * DAY), LONG_LOG);
    await addBuild('old-3', new Date(now.getTime() - 31 * DAY), 10);

    const held = await locks.acquire(RETENTION_LOCK_KEY);
    try {
      expect(await retention.clean(now)).toEqual({ ran: false, cleanedBuilds: 0, deletedLines: 0 });
      expect(await linesOf('old-2')).toBe(LONG_LOG);
    } finally {
      await held.release();
    }

    const runs = await Promise.all([retention.clean(now), retention.clean(now)]);
    expect(runs.filter((run) => run.ran)).toHaveLength(1);
    expect(runs.find((run) => run.ran)).toEqual({ ran: true, cleanedBuilds: 2, deletedLines: LONG_LOG + 10 });
    expect(runs.find((run) => !run.ran)).toEqual({ ran: false, cleanedBuilds: 0, deletedLines: 0 });
    expect(await linesOf('old-2')).toBe(0);
    expect(await linesOf('old-3')).toBe(0);
  });

  it('runs now on BK-CI\'s operator route, for administrators only', async () => {
    await addBuild('old-4', new Date(Date.now() - 45 * DAY), 5);
    expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'ret-a', englishName: 'ret-a' })).status).toBe(201);
    const manager = await memberToken(gateway, 'ret-a', 'mia', 'manager');

    const refused = await request(gateway).put('/ms/log/api/op/clean/data').set(manager);
    expect(refused.status).toBe(403);
    expect(await linesOf('old-4')).toBe(5);

    const ran = await request(gateway).put('/ms/log/api/op/clean/data').set(ADMIN);
    expect(ran.status).toBe(200);
    expect(ran.body.data).toEqual({ ran: true, cleanedBuilds: 1, deletedLines: 5 });
    expect(await linesOf('old-4')).toBe(0);
    expect((await buildRow('old-4')).cleaned).toBe(true);
  });
});
