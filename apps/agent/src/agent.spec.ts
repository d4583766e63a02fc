import { Agent, AgentTiming } from './agent';
import { AgentConfig } from './config';
import { HostFacts } from './host-identity';
import { CallResult } from './http-client';
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
 * Asks wait a little, as a long poll does, so the loops do not spin.
 */
function scriptedServer(answers: Record<string, CallResult<unknown>[]>) {
  const calls: Call[] = [];
  const client = {
    async call<T>(method: 'GET' | 'POST', path: string, body: unknown, timeoutMs: number): Promise<CallResult<T>> {
      calls.push({ method, path, body, timeoutMs });
      const queue = answers[path] ?? [];
      const answer = queue.length > 1 ? queue.shift()! : queue[0];
      if (path === 'ask') await new Promise((resolve) => setTimeout(resolve, 5));
      return answer as CallResult<T>;
    },
  };
  return { client, calls };
}

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
    const agent = new Agent(CONFIG, HOST, client, log, TIMING);
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
    await runUntil(new Agent(CONFIG, HOST, client, log, TIMING), () => lines.some((line) => line.event === 'startup'));

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
    await runUntil(new Agent(CONFIG, HOST, client, log, TIMING), () => calls.filter((call) => call.path === 'agents/newHeartbeat').length >= 2);

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
    await runUntil(new Agent(CONFIG, HOST, client, log, TIMING), () => calls.filter((call) => call.path === 'agents/newHeartbeat').length >= 5);

    expect(lines.filter((line) => line.event.startsWith('heartbeat')).map((line) => line.event)).toEqual(['heartbeat.failed', 'heartbeat.restored']);
  });

  it('says when the server answers an ask with work, and asks again', async () => {
    const { client, calls } = scriptedServer({
      startup: [ok('IMPORT_OK')],
      'agents/newHeartbeat': [ok({ AgentStatus: 'IMPORT_OK' })],
      ask: [ok({ status: 'IMPORT_OK', work: true }), ok({ status: 'IMPORT_OK', work: false })],
    });
    const { log, lines } = recordingLog();
    await runUntil(new Agent(CONFIG, HOST, client, log, TIMING), () => calls.filter((call) => call.path === 'ask').length >= 3);

    expect(lines.filter((line) => line.event === 'work.ready').map((line) => line.fields)).toEqual([{ status: 'IMPORT_OK' }]);
  });

  it('tells the server it stops, within the shutdown timeout', async () => {
    const { client, calls } = scriptedServer({ 'shutdown?shutdownNormal=true': [ok('IMPORT_EXCEPTION')] });
    const { log, lines } = recordingLog();
    await new Agent(CONFIG, HOST, client, log, TIMING).shutdown();

    expect(calls).toEqual([{ method: 'POST', path: 'shutdown?shutdownNormal=true', body: {}, timeoutMs: 2_000 }]);
    expect(lines.map((line) => [line.event, line.fields])).toEqual([['shutdown', { status: 'IMPORT_EXCEPTION' }]]);
  });

  it('stops its loops at once when aborted, even while waiting to retry', async () => {
    const { client } = scriptedServer({ startup: [refused] });
    const { log } = recordingLog();
    const stop = new AbortController();
    const running = new Agent(CONFIG, HOST, client, log, { ...TIMING, refusedRetryMs: 60_000 }).run(stop.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const aborted = Date.now();
    stop.abort();
    await running;
    expect(Date.now() - aborted).toBeLessThan(1_000);
  });
});
