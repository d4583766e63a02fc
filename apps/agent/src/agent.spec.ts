import { Agent, AgentTiming } from './agent';
import { AgentConfig } from './config';
import { HostFacts } from './host-identity';
import { CallResult } from './http-client';
import { ThirdPartyBuildInfo } from './job-api';
import { JobFactory } from './job-pool';
import { JobOutcome } from './job-runner';
import { AgentLog, LogLevel } from './log';

const CONFIG: AgentConfig = { gateway: 'http://ci', projectId: 'demo', agentId: 'abcdefgh', secretKey: 'the-secret', workDir: '/opt/a/workspace', installDir: '/opt/a' };
const HOST: HostFacts = { identity: 'build-01#0123456789abcdef', hostname: 'build-01', ip: '10.0.0.5', os: 'linux', arch: 'amd64', osVersion: '6.1.0', user: 'ci' };
const TIMING: AgentTiming = {
  heartbeatIntervalMs: 10,
  askWaitSeconds: 30,
  askTimeoutMarginMs: 5_000,
  callTimeoutMs: 1_000,
  refusedRetryMs: 40,
  retryInitialMs: 5,
  retryMaxMs: 20,
  shutdownTimeoutMs: 2_000,
};

interface Call {
  method: string;
  path: string;
  body: unknown;
  timeoutMs: number;
}

const ok = <T>(data: T): CallResult<T> => ({ outcome: 'ok', data });
const down: CallResult<never> = { outcome: 'unavailable', reason: 'fetch failed: connect ECONNREFUSED' };
const refused: CallResult<never> = { outcome: 'refused', httpStatus: 403, code: 2105011, message: 'bound to another host' };

/**
 * A server scripted per path: each call takes the next answer of its path (the last one repeats).
 * Process's agent routes are keyed `process:<path>`; startBuild answers null unless scripted.
 * Asks wait a little, as a long poll does, so the loops do not spin.
 */
function scriptedServer(answers: Record<string, CallResult<unknown>[]>) {
  const calls: Call[] = [];
  const answer = async <T>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, timeoutMs: number): Promise<CallResult<T>> => {
    calls.push({ method, path, body, timeoutMs });
    const queue = answers[path] ?? (path === 'process:startBuild' ? [ok(null)] : []);
    const next = queue.length > 1 ? queue.shift()! : queue[0];
    if (path === 'ask') await new Promise((resolve) => setTimeout(resolve, 5));
    return next as CallResult<T>;
  };
  const client = {
    call: <T>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, timeoutMs: number) => answer<T>(method, path, body, timeoutMs),
    callProcess: <T>(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, timeoutMs: number) => answer<T>(method, `process:${path}`, body, timeoutMs),
  };
  return { client, calls };
}

/** Jobs that run until the test ends them. */
function controlledJobs() {
  const started: Array<{ build: ThirdPartyBuildInfo; end(outcome: JobOutcome): void }> = [];
  const newJob: JobFactory = (build) => ({
    info: { projectId: build.projectId, buildId: build.buildId, vmSeqId: build.vmSeqId, workspace: `/ws/${build.pipelineId}` },
    run: () => new Promise<JobOutcome>((resolve) => started.push({ build, end: resolve })),
  });
  return { newJob, started };
}

const noJobs: JobFactory = () => {
  throw new Error('no job expected');
};

function recordingLog() {
  const lines: Array<{ level: LogLevel; event: string; fields: Record<string, unknown> }> = [];
  const log: AgentLog = (level, event, fields = {}) => lines.push({ level, event, fields });
  return { log, lines };
}

async function runUntil(agent: Agent, done: () => boolean): Promise<void> {
  const stop = new AbortController();
  const running = agent.run(stop.signal);
  const deadline = Date.now() + 5_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  stop.abort();
  await running;
}

describe('Agent', () => {
  it('retries startup with backoff while the server is down, then heartbeats and asks', async () => {
    const { client, calls } = scriptedServer({ startup: [down, down, down, down, ok('UN_IMPORT_OK')], 'agents/newHeartbeat': [ok({ AgentStatus: 'UN_IMPORT_OK' })], ask: [ok({ status: 'UN_IMPORT_OK', work: false })] });
    const { log, lines } = recordingLog();
    const agent = new Agent(CONFIG, HOST, client, noJobs, log, TIMING);
    await runUntil(agent, () => calls.filter((call) => call.path === 'ask').length >= 2);

    expect(lines.filter((line) => line.event === 'startup.failed').map((line) => line.fields.retryInMs)).toEqual([5, 10, 20, 20]);
    expect(lines.find((line) => line.event === 'startup.failed')!.fields).toEqual({ outcome: 'unavailable', reason: 'fetch failed: connect ECONNREFUSED', retryInMs: 5 });
    expect(lines.find((line) => line.event === 'startup')!.fields).toEqual({ status: 'UN_IMPORT_OK', hostname: 'build-01', ip: '10.0.0.5', os: 'linux', arch: 'amd64' });
    expect(calls[0]).toEqual({
      method: 'POST',
      path: 'startup',
      body: { hostname: 'build-01', hostIp: '10.0.0.5', detectOS: 'linux', version: '0.1.0', masterVersion: '0.1.0', arch: 'amd64' },
      timeoutMs: 1_000,
    });
    expect(calls.slice(0, 5).map((call) => call.path)).toEqual(['startup', 'startup', 'startup', 'startup', 'startup']);
    expect(calls.find((call) => call.path === 'ask')).toEqual({ method: 'POST', path: 'ask', body: { askEnable: { build: 'ALL' }, waitSeconds: 30 }, timeoutMs: 35_000 });
  });

  it('waits the refusal delay after a 401/403, and never logs the secret', async () => {
    const { client, calls } = scriptedServer({ startup: [refused, refused, ok('IMPORT_OK')], 'agents/newHeartbeat': [ok({ AgentStatus: 'IMPORT_OK' })], ask: [ok({ status: 'IMPORT_OK', work: false })] });
    const { log, lines } = recordingLog();
    const started = Date.now();
    await runUntil(new Agent(CONFIG, HOST, client, noJobs, log, TIMING), () => lines.some((line) => line.event === 'startup'));

    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
    expect(lines.filter((line) => line.event === 'startup.failed').map((line) => line.fields)).toEqual([
      { outcome: 'refused', httpStatus: 403, code: 2105011, message: 'bound to another host', retryInMs: 40 },
      { outcome: 'refused', httpStatus: 403, code: 2105011, message: 'bound to another host', retryInMs: 40 },
    ]);
    expect(calls.filter((call) => call.path === 'startup')).toHaveLength(3);
    expect(JSON.stringify(lines)).not.toContain('the-secret');
  });

  it("sends BK-CI's NewHeartbeatInfo and takes the server's parallel task count", async () => {
    const { client, calls } = scriptedServer({
      startup: [ok('IMPORT_OK')],
      'agents/newHeartbeat': [ok({ AgentStatus: 'IMPORT_OK', ParallelTaskCount: 2 })],
      ask: [ok({ status: 'IMPORT_OK', work: false })],
    });
    const { log } = recordingLog();
    await runUntil(new Agent(CONFIG, HOST, client, noJobs, log, TIMING), () => calls.filter((call) => call.path === 'agents/newHeartbeat').length >= 2);

    const heartbeats = calls.filter((call) => call.path === 'agents/newHeartbeat').map((call) => call.body as Record<string, unknown>);
    expect(heartbeats[0]).toEqual({
      masterVersion: '0.1.0',
      slaveVersion: '0.1.0',
      hostName: 'build-01',
      agentIp: '10.0.0.5',
      parallelTaskCount: 4,
      agentInstallPath: '/opt/a',
      startedUser: 'ci',
      taskList: [],
      props: { arch: 'amd64', osVersion: '6.1.0' },
    });
    expect(heartbeats[1].parallelTaskCount).toBe(2);
  });

  it('logs a failing heartbeat once per kind of failure, and its return', async () => {
    const { client, calls } = scriptedServer({
      startup: [ok('IMPORT_OK')],
      'agents/newHeartbeat': [down, down, down, ok({ AgentStatus: 'IMPORT_OK' })],
      ask: [ok({ status: 'IMPORT_OK', work: false })],
    });
    const { log, lines } = recordingLog();
    await runUntil(new Agent(CONFIG, HOST, client, noJobs, log, TIMING), () => calls.filter((call) => call.path === 'agents/newHeartbeat').length >= 5);

    expect(lines.filter((line) => line.event.startsWith('heartbeat')).map((line) => line.event)).toEqual(['heartbeat.failed', 'heartbeat.restored']);
  });

  it('takes a job after startup and when an ask says work, lists running jobs in the heartbeat, and reports each end', async () => {
    const build = (buildId: string): ThirdPartyBuildInfo => ({ projectId: 'demo', buildId, vmSeqId: '1', workspace: '', pipelineId: 'p-1', executeCount: 1, containerHashId: `c-${buildId}`, jobId: null, buildToken: `tok-${buildId}` });
    const { client, calls } = scriptedServer({
      startup: [ok('IMPORT_OK')],
      'agents/newHeartbeat': [ok({ AgentStatus: 'IMPORT_OK' })],
      ask: [ok({ status: 'IMPORT_OK', work: false }), ok({ status: 'IMPORT_OK', work: true }), ok({ status: 'IMPORT_OK', work: false })],
      'process:startBuild': [ok(build('b-1')), ok(null), ok(build('b-2')), ok(null)],
      'process:workerBuildFinish': [ok(true)],
    });
    const { log, lines } = recordingLog();
    const { newJob, started } = controlledJobs();
    const stop = new AbortController();
    const running = new Agent(CONFIG, HOST, client, newJob, log, TIMING).run(stop.signal);
    const waitFor = async (done: () => boolean) => {
      const deadline = Date.now() + 5_000;
      while (!done()) {
        if (Date.now() > deadline) throw new Error('timed out');
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };
    const heartbeatsListing = (count: number) => calls.filter((call) => call.path === 'agents/newHeartbeat' && (call.body as { taskList: unknown[] }).taskList.length === count);

    await waitFor(() => started.length === 2);
    expect(started.map((job) => job.build.buildId)).toEqual(['b-1', 'b-2']);
    expect(lines.filter((line) => line.event === 'work.ready').map((line) => line.fields)).toEqual([{ status: 'IMPORT_OK' }]);
    expect(calls.find((call) => call.path === 'process:startBuild')).toEqual({ method: 'GET', path: 'process:startBuild', body: undefined, timeoutMs: 1_000 });
    await waitFor(() => heartbeatsListing(2).length > 0);
    expect((heartbeatsListing(2)[0].body as { taskList: unknown[] }).taskList).toEqual([
      { projectId: 'demo', buildId: 'b-1', vmSeqId: '1', workspace: '/ws/p-1' },
      { projectId: 'demo', buildId: 'b-2', vmSeqId: '1', workspace: '/ws/p-1' },
    ]);

    const takesBefore = calls.filter((call) => call.path === 'process:startBuild').length;
    started[0].end({ success: false, message: 'claim: refused' });
    await waitFor(() => calls.some((call) => call.path === 'process:workerBuildFinish'));
    expect(calls.find((call) => call.path === 'process:workerBuildFinish')).toEqual({
      method: 'POST',
      path: 'process:workerBuildFinish',
      body: { projectId: 'demo', buildId: 'b-1', vmSeqId: '1', workspace: '/ws/p-1', pipelineId: 'p-1', executeCount: 1, containerHashId: 'c-b-1', success: false, message: 'claim: refused' },
      timeoutMs: 1_000,
    });
    // A job's end frees a slot: the agent asks for the next job at once.
    await waitFor(() => calls.filter((call) => call.path === 'process:startBuild').length > takesBefore);
    await waitFor(() => heartbeatsListing(1).length > 0);

    started[1].end({ success: true, message: '' });
    await waitFor(() => calls.filter((call) => call.path === 'process:workerBuildFinish').length === 2);
    stop.abort();
    await running;
  });

  it('tells the server it stops, within the shutdown timeout', async () => {
    const { client, calls } = scriptedServer({ 'shutdown?shutdownNormal=true': [ok('IMPORT_EXCEPTION')] });
    const { log, lines } = recordingLog();
    await new Agent(CONFIG, HOST, client, noJobs, log, TIMING).shutdown();

    expect(calls).toEqual([{ method: 'POST', path: 'shutdown?shutdownNormal=true', body: {}, timeoutMs: 2_000 }]);
    expect(lines.map((line) => [line.event, line.fields])).toEqual([['shutdown', { status: 'IMPORT_EXCEPTION' }]]);
  });

  it('stops its loops at once when aborted, even while waiting to retry', async () => {
    const { client } = scriptedServer({ startup: [refused] });
    const { log } = recordingLog();
    const stop = new AbortController();
    const running = new Agent(CONFIG, HOST, client, noJobs, log, { ...TIMING, refusedRetryMs: 60_000 }).run(stop.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const aborted = Date.now();
    stop.abort();
    await running;
    expect(Date.now() - aborted).toBeLessThan(1_000);
  });
});
