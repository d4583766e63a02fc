import request from 'supertest';
import { TEST_ADMIN_TOKEN, TestEnvironment, memberToken } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { LogBuildEntity } from '../apps/log/src/entities/log-build.entity';
import { LogLineEntity } from '../apps/log/src/entities/log-line.entity';
import { logApp } from '../apps/log/src/log.app';
import { LogType } from '../apps/log/src/log-line';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'srch-a';
const DAY = 24 * 60 * 60 * 1000;

interface Match {
  buildId: string;
  lineNo: number;
  tag: string;
  executeCount: number;
  message: string;
  before: Array<{ lineNo: number }>;
  after: Array<{ lineNo: number }>;
}

/**
 * Search through the gateway. The write path is another feature: the lines are put in the log
 * app's tables directly, as it stores them.
 */
describe('log search through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let logData: DataSource;
  let viewer: Record<string, string>;
  let outsider: Record<string, string>;

  const searchBuild = (who: Record<string, string>, pipelineId: string, buildId: string, query: Record<string, string | number | boolean>) =>
    request(gateway).get(`/ms/log/api/user/logs/${PROJECT}/${pipelineId}/${buildId}/search`).query(query).set(who);
  const searchPipeline = (who: Record<string, string>, pipelineId: string, query: Record<string, string | number | boolean>) =>
    request(gateway).get(`/ms/log/api/user/logs/${PROJECT}/${pipelineId}/search`).query(query).set(who);
  const lineNos = (records: Match[]) => records.map((record) => record.lineNo);

  async function addBuild(buildId: string, pipelineId: string, createdAt: Date, lines: Array<Partial<LogLineEntity> & { message: string }>): Promise<void> {
    await logData.getRepository(LogBuildEntity).insert({ buildId, projectId: PROJECT, pipelineId, lastLineNo: lines.length, finished: true, cleaned: false, createdAt, updatedAt: createdAt });
    await logData.getRepository(LogLineEntity).insert(
      lines.map((line, index) => ({
        buildId,
        lineNo: index + 1,
        executeCount: 1,
        timestamp: createdAt.getTime() + index,
        logType: 'LOG' as LogType,
        tag: 't1',
        subTag: '',
        containerHashId: 'c-1',
        jobId: 'job_1',
        stepId: 'step_1',
        ...line,
      })),
    );
  }

  beforeAll(async () => {
    await env.start(processApp);
    logData = (await env.start(logApp)).app.get(DataSource);
    gateway = (await env.start(openapiApp)).url;
    for (const projectId of [PROJECT, 'srch-b']) {
      expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: projectId, englishName: projectId })).status).toBe(201);
    }
    viewer = await memberToken(gateway, PROJECT, 'vera', 'viewer');
    outsider = await memberToken(gateway, 'srch-b', 'bob', 'developer');

    // b-main: lines 1..30, every fifth a WARN; tag t2 from line 16; a DEBUG line and a line of the second run.
    const main = Array.from({ length: 30 }, (_, index) => {
      const n = index + 1;
      const warn = n % 5 === 0;
      return { message: warn ? `line ${n} WARNING: disk 50% full` : `line ${n} ok`, logType: (warn ? 'WARN' : 'LOG') as LogType, tag: n <= 15 ? 't1' : 't2' };
    });
    main.push({ message: 'warning from a debug line', logType: 'DEBUG', tag: 't2' });
    main.push({ message: 'warning on the retry', logType: 'WARN', tag: 't2', executeCount: 2 } as (typeof main)[number]);
    await addBuild('b-main', 'p-main', new Date(), main);

    // p-wide: three builds a day apart, oldest first.
    const now = Date.now();
    await addBuild('b-old', 'p-wide', new Date(now - 2 * DAY), [{ message: 'a needle here' }, { message: 'hay' }, { message: 'NEEDLE again' }]);
    await addBuild('b-mid', 'p-wide', new Date(now - DAY), [{ message: 'hay' }, { message: 'the needle' }]);
    await addBuild('b-new', 'p-wide', new Date(now), [{ message: 'needle first' }]);
    // A 16 KB line on which `a*a*a*a*b` backtracks for far longer than a search may take.
    await addBuild('b-slow', 'p-slow', new Date(now), [{ message: 'ab' }, { message: 'a'.repeat(16_000) }]);
  });

  afterAll(() => env.close());

  it('finds text case-insensitively, with two lines of context and BK-CI paging', async () => {
    const found = await searchBuild(viewer, 'p-main', 'b-main', { q: 'warning' });
    expect(found.status).toBe(200);
    expect(found.body.data).toMatchObject({ count: 6, page: 1, pageSize: 10, totalPages: 1, status: 0, truncated: false });
    const records = found.body.data.records as Match[];
    expect(lineNos(records)).toEqual([5, 10, 15, 20, 25, 30]);
    expect(records[0]).toMatchObject({ buildId: 'b-main', message: 'line 5 WARNING: disk 50% full', tag: 't1', executeCount: 1 });
    expect(lineNos(records[0].before as Match[])).toEqual([3, 4]);
    expect(lineNos(records[0].after as Match[])).toEqual([6, 7]);
    expect(lineNos(records[5].after as Match[])).toEqual([]);

    const second = await searchBuild(viewer, 'p-main', 'b-main', { q: 'WARNING', pageSize: 4, page: 2, context: 0 });
    expect(second.body.data).toMatchObject({ count: 6, page: 2, pageSize: 4, totalPages: 2 });
    expect(lineNos(second.body.data.records)).toEqual([25, 30]);
    expect(second.body.data.records[0].before).toEqual([]);
  });

  it('takes the text literally, anywhere in a line, short or long', async () => {
    const expectLines = async (q: string, expected: number[]) => {
      const found = await searchBuild(viewer, 'p-main', 'b-main', { q, pageSize: 50 });
      expect(found.status).toBe(200);
      expect(lineNos(found.body.data.records)).toEqual(expected);
      expect(found.body.data.count).toBe(expected.length);
    };
    await expectLines('50% full', [5, 10, 15, 20, 25, 30]);
    await expectLines('disk_50', []);
    await expectLines('ne 1', [1, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    await expectLines('line 5 WARNING: disk', [5]);
    await expectLines('ok', [1, 2, 3, 4, 6, 7, 8, 9, 11, 12, 13, 14, 16, 17, 18, 19, 21, 22, 23, 24, 26, 27, 28, 29]);
    await expectLines('nowhere to be found', []);
  });

  it('applies the read filters, DEBUG lines only on request, context within the filtered lines', async () => {
    const t2 = await searchBuild(viewer, 'p-main', 'b-main', { q: 'warning', tag: 't2' });
    expect(lineNos(t2.body.data.records)).toEqual([20, 25, 30]);
    expect(lineNos(t2.body.data.records[0].before)).toEqual([18, 19]);
    expect(lineNos(t2.body.data.records[2].after)).toEqual([]);

    const withDebug = await searchBuild(viewer, 'p-main', 'b-main', { q: 'warning', debug: true, tag: 't2', context: 1 });
    expect(lineNos(withDebug.body.data.records)).toEqual([20, 25, 30, 31]);
    expect(lineNos(withDebug.body.data.records[2].after)).toEqual([31]);

    const retry = await searchBuild(viewer, 'p-main', 'b-main', { q: 'warning', executeCount: 2 });
    expect(retry.body.data.records).toMatchObject([{ lineNo: 32, executeCount: 2, message: 'warning on the retry' }]);

    expect((await searchBuild(viewer, 'p-main', 'b-main', { q: 'line', logType: 'WARN' })).body.data.count).toBe(6);
    expect((await searchBuild(viewer, 'p-main', 'b-main', { q: 'line', jobId: 'c-1', stepId: 'step_1', subTag: '' })).body.data.count).toBe(30);
    expect((await searchBuild(viewer, 'p-main', 'b-main', { q: 'line', jobId: 'c-2' })).body.data.count).toBe(0);
  });

  it('searches with a regular expression, paged', async () => {
    const found = await searchBuild(viewer, 'p-main', 'b-main', { q: 'line \\d*5 warn', regex: true, pageSize: 2 });
    expect(found.status).toBe(200);
    expect(found.body.data).toMatchObject({ count: 3, totalPages: 2, truncated: false });
    expect(lineNos(found.body.data.records)).toEqual([5, 15]);
    const next = await searchBuild(viewer, 'p-main', 'b-main', { q: 'line \\d*5 warn', regex: 'true', pageSize: 2, page: 2 });
    expect(lineNos(next.body.data.records)).toEqual([25]);
    expect(lineNos(next.body.data.records[0].before)).toEqual([23, 24]);
  });

  it('stops a regex that takes too long and answers what it found, marked truncated', async () => {
    const found = await searchBuild(viewer, 'p-slow', 'b-slow', { q: 'a*a*a*a*b', regex: true });
    expect(found.status).toBe(200);
    expect(found.body.data).toMatchObject({ truncated: true, count: 0, records: [] });
    // The matcher's thread was stopped; the next search works.
    const next = await searchBuild(viewer, 'p-slow', 'b-slow', { q: '^ab$', regex: true });
    expect(next.body.data).toMatchObject({ truncated: false, count: 1 });
  });

  it('refuses a regex that does not compile or could run away, and a query without text', async () => {
    for (const q of ['(unclosed', '(a+)+$']) {
      const refused = await searchBuild(viewer, 'p-main', 'b-main', { q, regex: true });
      expect(refused.status).toBe(400);
      expect(refused.body.status).toBe(2108001);
    }
    expect((await searchBuild(viewer, 'p-main', 'b-main', { q: '' })).status).toBe(400);
    expect((await searchBuild(viewer, 'p-main', 'b-main', { q: 'x', context: 11 })).status).toBe(400);
    expect((await searchPipeline(viewer, 'p-wide', { q: 'x', builds: 51 })).status).toBe(400);
  });

  it('answers 404 for a build of another pipeline and 403 to someone outside the project', async () => {
    const elsewhere = await searchBuild(viewer, 'p-wide', 'b-main', { q: 'line' });
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.status).toBe(2108002);
    expect((await searchBuild(viewer, 'p-main', 'b-none', { q: 'line' })).status).toBe(404);
    expect((await searchBuild(outsider, 'p-main', 'b-main', { q: 'line' })).status).toBe(403);
    expect((await searchPipeline(outsider, 'p-wide', { q: 'needle' })).status).toBe(403);
  });

  it('searches the pipeline\'s last builds, newest first', async () => {
    const all = await searchPipeline(viewer, 'p-wide', { q: 'needle' });
    expect(all.status).toBe(200);
    expect(all.body.data.count).toBe(4);
    expect((all.body.data.records as Match[]).map((record) => `${record.buildId}:${record.lineNo}`)).toEqual(['b-new:1', 'b-mid:2', 'b-old:1', 'b-old:3']);
    expect(lineNos(all.body.data.records[2].after)).toEqual([2, 3]);

    const lastTwo = await searchPipeline(viewer, 'p-wide', { q: 'needle', builds: 2 });
    expect((lastTwo.body.data.records as Match[]).map((record) => record.buildId)).toEqual(['b-new', 'b-mid']);

    const paged = await searchPipeline(viewer, 'p-wide', { q: 'needle', pageSize: 3, page: 2 });
    expect(paged.body.data).toMatchObject({ count: 4, totalPages: 2 });
    expect((paged.body.data.records as Match[]).map((record) => `${record.buildId}:${record.lineNo}`)).toEqual(['b-old:3']);

    const regex = await searchPipeline(viewer, 'p-wide', { q: '^(a|the) ne+dle', regex: true });
    expect(regex.status).toBe(200);
    expect((regex.body.data.records as Match[]).map((record) => `${record.buildId}:${record.lineNo}`)).toEqual(['b-mid:2', 'b-old:1']);
  });

  it('skips cleaned builds and answers CLEAN for a cleaned build', async () => {
    await logData.getRepository(LogBuildEntity).update({ buildId: 'b-mid' }, { cleaned: true });
    try {
      const wide = await searchPipeline(viewer, 'p-wide', { q: 'needle' });
      expect((wide.body.data.records as Match[]).map((record) => record.buildId)).toEqual(['b-new', 'b-old', 'b-old']);
      const cleaned = await searchBuild(viewer, 'p-wide', 'b-mid', { q: 'needle' });
      expect(cleaned.status).toBe(200);
      expect(cleaned.body.data).toMatchObject({ status: 2, count: 0, records: [] });
    } finally {
      await logData.getRepository(LogBuildEntity).update({ buildId: 'b-mid' }, { cleaned: false });
    }
  });
});
