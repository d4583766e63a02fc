import request from 'supertest';
import { DataSource } from 'typeorm';
import { buildTokenHeaders, TEST_ADMIN_TOKEN, TestEnvironment, memberToken } from '@bkci/testing';
import { LogStatusEntity } from '../apps/log/src/entities/log-status.entity';
import { LogSubTagEntity } from '../apps/log/src/entities/log-sub-tag.entity';
import { logApp } from '../apps/log/src/log.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { ticketApp } from '../apps/ticket/src/ticket.app';
import { logLine, storeLogBuild, storeLogLines } from './log-read.fixtures';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const RED_LINE = '\u001b[31m\u001b[1mred line 5\u001b[m';
/** BK-CI's download line: `yyyy-MM-dd HH:mm:ss:SSS : <message>`. */
const DOWNLOAD_LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d:\d{3} : (.*)$/;

interface Line {
  lineNo: number;
  message: string;
  priority: number;
  tag: string;
  subTag: string;
  containerHashId: string;
  executeCount: number;
}

const numbers = (logs: Line[]) => logs.map((line) => line.lineNo);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

/**
 * build-1 of logs-a/p-1: lines 1–12 task t1 in job c1 (3 DEBUG, 5 ERROR in red, 7 WARN), 13–20 task
 * t2 in job c2 (13–16 under sub-tag sub-x), 21–25 the second run of t1.
 */
function firstBuildLines() {
  return [
    ...range(1, 12).map((n) =>
      logLine('build-1', n, { tag: 't1', containerHashId: 'c1', stepId: 's1', jobId: 'job_1', logType: n === 3 ? 'DEBUG' : n === 5 ? 'ERROR' : n === 7 ? 'WARN' : 'LOG', message: n === 5 ? RED_LINE : `line ${n}` }),
    ),
    ...range(13, 20).map((n) => logLine('build-1', n, { tag: 't2', subTag: n <= 16 ? 'sub-x' : '', containerHashId: 'c2', stepId: 's2', jobId: 'job_2' })),
    ...range(21, 25).map((n) => logLine('build-1', n, { tag: 't1', containerHashId: 'c1', stepId: 's1', executeCount: 2 })),
  ];
}

describe('reading build logs through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let logData: DataSource;
  let viewer: Record<string, string>;
  let developer: Record<string, string>;
  let outsider: Record<string, string>;

  const user = (who: Record<string, string>, path: string) => request(gateway).get(`/ms/log/api/user/logs/${path}`).set(who);
  const v4 = (who: Record<string, string>, path: string) => request(gateway).get(`/ms/openapi/api/apigw-user/v4/projects/${path}`).set(who);
  /** As an agent: its build's token (see agentOf) through the gateway, which names the build to log. */
  const asBuild = (agent: Record<string, string>, path: string) => request(gateway).get(`/ms/log/api/build/logs/${path}`).set(agent);
  const agentOf = (build: { projectId: string; pipelineId: string; buildId: string }) => buildTokenHeaders(env, { ...build, userId: 'starter' });

  beforeAll(async () => {
    await env.start(processApp);
    await env.start(ticketApp);
    const log = await env.start(logApp);
    logData = log.app.get(DataSource);
    gateway = (await env.start(openapiApp)).url;
    for (const projectId of ['logs-a', 'logs-b']) {
      expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: projectId, englishName: projectId })).status).toBe(201);
    }
    viewer = await memberToken(gateway, 'logs-a', 'vera', 'viewer');
    developer = await memberToken(gateway, 'logs-a', 'dave', 'developer');
    outsider = await memberToken(gateway, 'logs-b', 'bob', 'developer');

    await storeLogBuild(logData, { buildId: 'build-1', projectId: 'logs-a', pipelineId: 'p-1', lastLineNo: 25 });
    await storeLogLines(logData, firstBuildLines());
    await logData.getRepository(LogSubTagEntity).save({ buildId: 'build-1', tag: 't2', subTags: ['sub-x'] });
    await logData.getRepository(LogStatusEntity).save({
      buildId: 'build-1', tag: 't1', subTag: '', executeCount: 1, containerHashId: 'c1', jobId: 'job_1', stepId: 's1', mode: 'LOCAL', finished: true, createdAt: new Date(),
    });
    await storeLogBuild(logData, { buildId: 'build-b', projectId: 'logs-b', pipelineId: 'p-b', lastLineNo: 1, finished: true });
    await storeLogLines(logData, [logLine('build-b', 1, { message: 'secret of b' })]);
    await storeLogBuild(logData, { buildId: 'build-old', projectId: 'logs-a', pipelineId: 'p-1', lastLineNo: 40, finished: true, cleaned: true });
  });

  afterAll(() => env.close());

  it('answers init with the first lines of run 1, without debug lines, in BK-CI’s QueryLogs shape', async () => {
    const res = await user(viewer, 'logs-a/p-1/build-1/');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe(0);
    const data = res.body.data;
    expect(Object.keys(data).sort()).toEqual(['buildId', 'finished', 'hasMore', 'logs', 'message', 'status', 'subTags', 'timeUsed']);
    expect(data).toMatchObject({ buildId: 'build-1', finished: false, hasMore: false, status: 0, subTags: null, message: null });
    expect(numbers(data.logs)).toEqual([1, 2, ...range(4, 20)]);
    expect(data.logs[0]).toEqual({
      lineNo: 1, timestamp: Date.UTC(2026, 0, 2, 3, 4, 5, 6) + 1, message: 'line 1', priority: 40, tag: 't1', subTag: '', jobId: 'job_1', containerHashId: 'c1', stepId: 's1', executeCount: 1,
    });
  });

  it('filters by tag, sub-tag, job (container hash id), step, run, log type and debug', async () => {
    const read = async (query: string) => (await user(viewer, `logs-a/p-1/build-1/?${query}`).expect(200)).body.data;
    const t1 = await read('tag=t1');
    expect(numbers(t1.logs)).toEqual([1, 2, ...range(4, 12)]);
    expect(t1.finished).toBe(true); // t1's status says so
    expect((await read('tag=t2')).subTags).toEqual(['sub-x']);
    expect(numbers((await read('tag=t2&subTag=sub-x')).logs)).toEqual(range(13, 16));
    expect(numbers((await read('jobId=c2')).logs)).toEqual(range(13, 20));
    expect(numbers((await read('stepId=s1')).logs)).toEqual([1, 2, ...range(4, 12)]);
    expect(numbers((await read('executeCount=2')).logs)).toEqual(range(21, 25));
    expect(numbers((await read('logType=ERROR')).logs)).toEqual([5]);
    expect(numbers((await read('logType=WARN&tag=t1')).logs)).toEqual([7]);
    expect(numbers((await read('debug=true&tag=t1')).logs)).toEqual(range(1, 12));
    expect(numbers((await read('logType=DEBUG')).logs)).toEqual([]);
    expect(numbers((await read('logType=DEBUG&debug=true')).logs)).toEqual([3]);
    expect(numbers((await read('tag=t1&reverse=true')).logs)).toEqual([...range(4, 12).reverse(), 2, 1]);
    // The console's empty fields mean "any".
    expect(numbers((await read('tag=&subTag=&jobId=&executeCount=')).logs)).toHaveLength(19);
    expect((await user(viewer, 'logs-a/p-1/build-1/?logType=LOUD').expect(400)).body.status).toBe(2100004);
    expect((await user(viewer, 'logs-a/p-1/build-1/?executeCount=x').expect(400)).body.status).toBe(2100004);
  });

  it('answers more, after, latest and middle as BK-CI does', async () => {
    const more = (await user(viewer, 'logs-a/p-1/build-1/more?start=2&end=15&num=5').expect(200)).body.data;
    expect(numbers(more.logs)).toEqual([2, 4, 5, 6, 7]);
    expect(more.hasMore).toBe(false);
    const fromEnd = (await user(viewer, 'logs-a/p-1/build-1/more?start=2&end=15&num=5&fromStart=false').expect(200)).body.data;
    expect(numbers(fromEnd.logs)).toEqual(range(11, 15));
    expect(numbers((await user(viewer, 'logs-a/p-1/build-1/more?start=1&end=200').expect(200)).body.data.logs)).toHaveLength(19);
    expect((await user(viewer, 'logs-a/p-1/build-1/more?end=3').expect(400)).body.status).toBe(2100004);

    const after = (await user(viewer, 'logs-a/p-1/build-1/after?start=10').expect(200)).body.data;
    expect(numbers(after.logs)).toEqual(range(10, 20));
    expect(after.hasMore).toBe(false);
    expect(numbers((await user(viewer, 'logs-a/p-1/build-1/after?start=21').expect(200)).body.data.logs)).toEqual([]);

    const latest = (await user(viewer, 'logs-a/p-1/build-1/latest?size=3').expect(200)).body.data;
    expect(latest).toMatchObject({ buildId: 'build-1', startLineNo: 18, endLineNo: 20, content: 'line 18\nline 19\nline 20', hasMore: true, status: 0 });
    expect((await user(viewer, 'logs-a/p-1/build-1/latest?size=100').expect(200)).body.data.hasMore).toBe(false);

    const middle = (await user(viewer, 'logs-a/p-1/build-1/middle?start=6&end=8&tag=t1').expect(200)).body.data;
    expect(middle).toMatchObject({ startLineNo: 6, endLineNo: 8, content: 'line 6\nline 7\nline 8', finished: true });
    for (const bad of ['start=0&end=3', 'start=5&end=4', 'start=1&end=10001']) {
      const res = await user(viewer, `logs-a/p-1/build-1/middle?${bad}`);
      expect([res.status, res.body.status]).toEqual([400, 2108001]);
    }
  });

  it('says ten thousand lines at most, with hasMore, and pages on with after', async () => {
    await storeLogBuild(logData, { buildId: 'build-big', projectId: 'logs-a', pipelineId: 'p-1', lastLineNo: 12_000 });
    await storeLogLines(logData, range(1, 12_000).map((n) => logLine('build-big', n)));
    const init = (await user(viewer, 'logs-a/p-1/build-big/').expect(200)).body.data;
    expect(init.logs).toHaveLength(10_000);
    expect(init.logs.at(-1).lineNo).toBe(10_000);
    expect(init.hasMore).toBe(true);
    const after = (await user(viewer, 'logs-a/p-1/build-big/after?start=10001').expect(200)).body.data;
    expect(numbers(after.logs)).toEqual(range(10_001, 12_000));
    expect(after.hasMore).toBe(false);

    // The download crosses its 5,000-line pages without losing or repeating a line.
    const download = await user(developer, 'logs-a/p-1/build-big/download').buffer(true).parse(text).expect(200);
    const lines = (download.body as string).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => DOWNLOAD_LINE.exec(line)?.[1])).toEqual(range(1, 12_000).map((n) => `line ${n}`));
  });

  it('streams the download in BK-CI’s line format and needs pipeline_download', async () => {
    const res = await user(developer, 'logs-a/p-1/build-1/download?tag=t1').buffer(true).parse(text).expect(200);
    expect(res.headers['content-type']).toBe('application/octet-stream');
    expect(res.headers['content-disposition']).toContain('filename="p-1-build-1-log.log"');
    const lines = (res.body as string).split('\n');
    expect(lines.pop()).toBe('');
    // Run 1 of t1 without its debug line; the red line without its colour codes.
    expect(lines.map((line) => DOWNLOAD_LINE.exec(line)?.[1])).toEqual(['line 1', 'line 2', 'line 4', 'red line 5', ...range(6, 12).map((n) => `line ${n}`)]);
    const stamp = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 7));
    const pad = (n: number, w = 2) => String(n).padStart(w, '0');
    expect(lines[0]).toBe(`${stamp.getFullYear()}-${pad(stamp.getMonth() + 1)}-${pad(stamp.getDate())} ${pad(stamp.getHours())}:${pad(stamp.getMinutes())}:${pad(stamp.getSeconds())}:007 : line 1`);

    const named = await user(developer, 'logs-a/p-1/build-1/download?fileName=my-log&executeCount=2').buffer(true).parse(text).expect(200);
    expect(named.headers['content-disposition']).toContain('filename="my-log.log"');
    expect((named.body as string).trim().split('\n')).toHaveLength(5);

    expect((await user(viewer, 'logs-a/p-1/build-1/download').expect(403)).body.status).toBe(2100006);
    expect((await user(developer, 'logs-a/p-1/build-old/download').expect(404)).body.status).toBe(2108002);
    expect((await user(developer, 'logs-a/p-1/no-such-build/download').expect(404)).body.status).toBe(2108002);
  });

  it('answers the mode of a task and the last line number', async () => {
    expect((await user(viewer, 'logs-a/p-1/build-1/mode?tag=t1').expect(200)).body.data).toEqual({ buildId: 'build-1', finished: true, logMode: 'LOCAL' });
    expect((await user(viewer, 'logs-a/p-1/build-1/mode?tag=t9').expect(200)).body.data).toEqual({ buildId: 'build-1', finished: false, logMode: 'UPLOAD' });
    expect((await user(viewer, 'logs-a/p-1/build-1/last_line_num').expect(200)).body.data).toEqual({ buildId: 'build-1', finished: false, lastLineNum: 25 });
  });

  it('answers EMPTY for a build it has no log of, and CLEAN for one retention cleaned', async () => {
    const unknown = (await user(viewer, 'logs-a/p-1/no-such-build/').expect(200)).body.data;
    expect(unknown).toMatchObject({ buildId: 'no-such-build', status: 1, logs: [], finished: false, hasMore: false });
    const cleaned = (await user(viewer, 'logs-a/p-1/build-old/after?start=1').expect(200)).body.data;
    expect(cleaned).toMatchObject({ buildId: 'build-old', status: 2, logs: [], finished: true, message: 'The logs have expired and been cleared, not available for viewing.' });
    expect((await user(viewer, 'logs-a/p-1/build-old/latest').expect(200)).body.data).toMatchObject({ status: 2, content: '' });
  });

  it('keeps each project to its own builds', async () => {
    expect((await user(outsider, 'logs-a/p-1/build-1/').expect(403)).body.status).toBe(2100006);
    expect((await user(outsider, 'logs-a/p-1/build-1/stream').expect(403)).body.status).toBe(2100006);
    // A member of logs-a naming logs-b's build under logs-a reads nothing of it.
    for (const path of ['logs-a/p-b/build-b/', 'logs-a/p-1/build-b/']) {
      const read = (await user(developer, path).expect(200)).body.data;
      expect([read.status, read.logs]).toEqual([1, []]);
    }
    expect((await user(developer, 'logs-a/p-b/build-b/last_line_num').expect(200)).body.data.lastLineNum).toBe(0);
    expect((await user(developer, 'logs-a/p-b/build-b/download').expect(404)).body.status).toBe(2108002);
    expect((await request(gateway).get('/ms/log/api/service/logs/logs-a/p-1/build-1/').set(developer)).status).toBe(403);
  });

  it('leaves the pipeline-wide search route to search (it is not the init of a build named "search")', async () => {
    const res = await user(viewer, 'logs-a/p-1/search?keyword=line');
    expect(res.body.data?.buildId).not.toBe('search');
  });

  it('serves BK-CI’s OpenAPI v4 log calls', async () => {
    const init = (await v4(viewer, 'logs-a/logs/init_logs?pipelineId=p-1&buildId=build-1&containerHashId=c2').expect(200)).body.data;
    expect(numbers(init.logs)).toEqual(range(13, 20));
    expect(numbers((await v4(viewer, 'logs-a/logs/init_logs?pipelineId=p-1&buildId=build-1&jobId=job_2&tag=t2').expect(200)).body.data.logs)).toEqual(range(13, 20));
    expect(numbers((await v4(viewer, 'logs-a/logs/init_logs?pipelineId=p-1&buildId=build-1&containerHashId=c2&reverse=true').expect(200)).body.data.logs)).toEqual(range(13, 20).reverse());
    expect(numbers((await v4(viewer, 'logs-a/logs/more_logs?pipelineId=p-1&buildId=build-1&start=1&end=4&num=10').expect(200)).body.data.logs)).toEqual([1, 2, 4]);
    expect(numbers((await v4(viewer, 'logs-a/logs/after_line_logs?pipelineId=p-1&buildId=build-1&start=19').expect(200)).body.data.logs)).toEqual([19, 20]);
    expect((await v4(viewer, 'logs-a/logs/log_mode?pipelineId=p-1&buildId=build-1&tag=t1').expect(200)).body.data.logMode).toBe('LOCAL');
    expect((await v4(viewer, 'logs-a/logs/last_line_num?pipelineId=p-1&buildId=build-1').expect(200)).body.data).toEqual({ buildId: 'build-1', finished: false, lastLineNum: 25 });
    const download = await v4(developer, 'logs-a/logs/download_logs?pipelineId=p-1&buildId=build-1&executeCount=2').buffer(true).parse(text).expect(200);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect((download.body as string).trim().split('\n')).toHaveLength(5);
    expect((await v4(viewer, 'logs-a/logs/download_logs?pipelineId=p-1&buildId=build-1').expect(403)).body.status).toBe(2100006);
    expect((await v4(outsider, 'logs-a/logs/init_logs?pipelineId=p-1&buildId=build-1').expect(403)).body.status).toBe(2100006);
    expect((await v4(viewer, 'logs-a/logs/init_logs?pipelineId=p-1').expect(400)).body.message).toContain('buildId');
  });

  it('serves the same reads to other apps on the service routes', async () => {
    const services = env.serviceClient();
    const read = <T>(path: string, query: Record<string, string> = {}) => services.request<T>('log', 'GET', `/api/service/logs/logs-a/p-1/build-1/${path}`, { onBehalfOf: 'ci', query });
    expect(numbers((await read<{ logs: Line[] }>('', { userJobId: 'job_2', subTag: 'sub-x' })).logs)).toEqual(range(13, 16));
    expect(numbers((await read<{ logs: Line[] }>('after', { start: '12', tag: 't1' })).logs)).toEqual([12]);
    expect(await read('last_line_num')).toEqual({ buildId: 'build-1', finished: false, lastLineNum: 25 });
    expect(await read('latest', { size: '1' })).toMatchObject({ content: 'line 20', hasMore: true });
  });

  it('lets a running build read its own log only', async () => {
    const own = await agentOf({ projectId: 'logs-a', pipelineId: 'p-1', buildId: 'build-1' });
    expect(numbers((await asBuild(own, 'logs-a/p-1/build-1/').expect(200)).body.data.logs)).toHaveLength(19);
    expect(numbers((await asBuild(own, 'logs-a/p-1/build-1/after?start=20').expect(200)).body.data.logs)).toEqual([20]);
    const other = await agentOf({ projectId: 'logs-a', pipelineId: 'p-1', buildId: 'build-big' });
    expect((await asBuild(other, 'logs-a/p-1/build-1/').expect(403)).body.status).toBe(2100006);
    expect((await asBuild(other, 'logs-a/p-1/build-1/after?start=1').expect(403)).body.status).toBe(2100006);
    const otherProject = await agentOf({ projectId: 'logs-b', pipelineId: 'p-b', buildId: 'build-b' });
    expect((await asBuild(otherProject, 'logs-a/p-1/build-1/').expect(403)).body.status).toBe(2100006);
    expect(numbers((await asBuild(otherProject, 'logs-b/p-b/build-b/').expect(200)).body.data.logs)).toEqual([1]);
    // Without a token the gateway refuses; a user cannot call build routes.
    expect((await request(gateway).get('/ms/log/api/build/logs/logs-a/p-1/build-1/')).status).toBe(401);
  });
});

/** Collects a body as text whatever its content type. */
function text(res: request.Response, done: (error: Error | null, body: string) => void): void {
  const stream = res as unknown as NodeJS.ReadableStream;
  let body = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (body += chunk));
  stream.on('end', () => done(null, body));
}
