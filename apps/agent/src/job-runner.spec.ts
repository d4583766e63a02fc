import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatewayClient } from './http-client';
import { BuildTaskResult, JobApi, LogMessage, ThirdPartyBuildInfo } from './job-api';
import { JobRunner, JobTiming } from './job-runner';
import { AgentLog } from './log';
import { Answer, startTestGateway, TakenRequest, unavailable } from './test-gateway';

const BUILD: ThirdPartyBuildInfo = { projectId: 'demo', buildId: 'b-1', vmSeqId: '2', workspace: '', pipelineId: 'p-1', executeCount: 1, containerHashId: 'c-hash', jobId: 'job_1', buildToken: 'the-token' };
const TIMING: JobTiming = {
  heartbeatIntervalMs: 50,
  claimWaitInitialMs: 20,
  claimWaitMaxMs: 500,
  callTimeoutMs: 2_000,
  retryInitialMs: 5,
  retryMaxMs: 20,
  retryGiveUpMs: 1_000,
  killGraceMs: 300,
  log: { flushMs: 50, maxLines: 100, retryInitialMs: 5, retryMaxMs: 20, giveUpMs: 1_000, maxPending: 10_000 },
};
const STARTED = {
  buildId: 'b-1',
  vmSeqId: '2',
  projectId: 'demo',
  pipelineId: 'p-1',
  variables: { NAME: 'world', 'ci.branch': 'main', 'not-env': 'x' },
  containerId: '3',
  containerHashId: 'c-hash',
  jobId: 'job_1',
  timeoutMills: 600_000,
};

const task = (taskId: string, type: string, params: Record<string, string>) => ({
  status: 'DO',
  buildId: 'b-1',
  vmSeqId: '2',
  executeCount: 1,
  taskId,
  elementId: taskId,
  stepId: `step_${taskId}`,
  elementName: `Step ${taskId}`,
  type,
  params,
  buildVariable: { NAME: 'world', LATE: 'late' },
});

const opOf = (request: TakenRequest) => request.path.split('?')[0];

interface Scenario {
  claims: unknown[];
  /** The agent stops (its signal aborts) this long after the job starts. */
  stopAfterMs?: number;
  route?: (request: TakenRequest) => Answer | undefined;
}

async function runJob(scenario: Scenario) {
  const gateway = await startTestGateway((request) => {
    const own = scenario.route?.(request);
    if (own) return own;
    switch (opOf(request)) {
      case '/ms/process/api/build/worker/started':
        return { data: STARTED };
      case '/ms/process/api/build/worker/claim':
        return { data: scenario.claims.length > 1 ? scenario.claims.shift() : scenario.claims[0] };
      case '/ms/ticket/api/build/credentials/cred-1/detail':
        return { data: { username: 'robot', password: 'hunter2' } };
      case '/ms/process/api/build/worker/heartbeat/v1':
        return { data: { projectId: 'demo', buildId: 'b-1', vmSeqId: '2', cancelTaskIds: [] } };
      default:
        return { data: true };
    }
  });
  const workDir = mkdtempSync(join(tmpdir(), 'bkci-agent-job-'));
  const events: string[] = [];
  const log: AgentLog = (_level, event) => events.push(event);
  try {
    const runner = new JobRunner(BUILD, new JobApi(new GatewayClient(gateway.url), BUILD, TIMING.callTimeoutMs), workDir, log, TIMING);
    const stop = new AbortController();
    if (scenario.stopAfterMs !== undefined) setTimeout(() => stop.abort(), scenario.stopAfterMs);
    const outcome = await runner.run(stop.signal);
    const requests = gateway.requests;
    const worker = requests.filter((request) => request.path.startsWith('/ms/process/api/build/worker/') && !request.path.includes('heartbeat'));
    const completes = requests.filter((request) => opOf(request).endsWith('/complete')).map((request) => request.body as BuildTaskResult);
    const logLines = requests.filter((request) => opOf(request) === '/ms/log/api/build/logs/multi').flatMap((request) => request.body as LogMessage[]);
    return { outcome, requests, worker, completes, logLines, workDir, events, info: runner.info };
  } finally {
    await gateway.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

describe('JobRunner', () => {
  it('follows the worker protocol: started, claim until END, complete each task, end', async () => {
    const script = [
      'echo "hello ${{ variables.NAME }} ${NAME} $NAME $LATE ${{ ci.branch }}"',
      'echo "secret ${{ settings.cred-1.password }}"',
      'echo "$BK_CI_BUILD_ID $BK_CI_PIPELINE_ID $BK_CI_PROJECT_NAME $BK_CI_BUILD_TASK_ID $PWD" "$WORKSPACE"',
      'echo "::set-output name=sha::abc::def"',
      'echo "::set-variable name=VERSION::1.2"',
      'echo warn >&2',
      'echo "invalid names: $(env | grep -c "^not-env=" || true)"',
    ].join('\n');
    const run = await runJob({ claims: [{ status: 'WAIT' }, { status: 'WAIT' }, task('t1', 'linuxScript', { script, continueNoneZero: 'false' }), { status: 'END' }] });

    expect(run.outcome).toEqual({ success: true, message: '' });
    expect(run.worker.map((request) => `${request.method} ${opOf(request).replace('/ms/process/api/build/worker/', '')}`)).toEqual([
      'PUT started',
      'GET claim',
      'GET claim',
      'GET claim',
      'POST complete',
      'GET claim',
      'POST end',
    ]);
    expect(run.worker[0].path).toBe('/ms/process/api/build/worker/started?retryCount=0&executeCount=1&buildId=b-1');
    for (const request of run.requests) {
      expect(request.headers).toMatchObject({ 'x-devops-build-token': 'the-token', 'x-devops-project-id': 'demo', 'x-devops-build-id': 'b-1', 'x-devops-vm-sid': '2' });
      expect(request.headers['x-devops-agent-secret-key']).toBeUndefined();
    }
    expect(run.worker[6].body).toEqual({ message: '' });
    const logged = run.requests.map((request) => opOf(request));
    expect(logged.lastIndexOf('/ms/log/api/build/logs/multi')).toBeLessThan(logged.indexOf('/ms/process/api/build/worker/complete'));
    expect(run.completes).toEqual([
      {
        taskId: 't1',
        elementId: 't1',
        containerId: '3',
        success: true,
        executeCount: 1,
        buildResult: { 'steps.step_t1.outputs.sha': 'abc::def', 'jobs.job_1.steps.step_t1.outputs.sha': 'abc::def', VERSION: '1.2' },
        message: '',
        type: 'linuxScript',
        errorType: null,
        errorCode: null,
      },
    ]);
    const workspace = join(run.workDir, 'p-1');
    const stdout = run.logLines.filter((line) => line.logType === 'LOG').map((line) => line.message);
    expect(stdout).toEqual([
      '[Step t1]',
      'hello world world world late main',
      'secret ******',
      `b-1 p-1 demo t1 ${workspace} ${workspace}`,
      '::set-output name=sha::abc::def',
      '::set-variable name=VERSION::1.2',
      'invalid names: 0',
    ]);
    expect(run.logLines.filter((line) => line.logType === 'ERROR').map((line) => line.message)).toEqual(['##[error]warn']);
    expect(run.logLines[0]).toEqual({ message: '[Step t1]', timestamp: run.logLines[0].timestamp, tag: 't1', jobId: 'job_1', containerHashId: 'c-hash', stepId: 'step_t1', executeCount: 1, logType: 'LOG' });
    expect(run.requests.filter((request) => opOf(request).includes('/credentials/'))).toHaveLength(1);
    expect(run.info).toEqual({ projectId: 'demo', buildId: 'b-1', vmSeqId: '2', workspace });
  });

  it('completes failed steps with their codes: exit code, continueNoneZero, a type it cannot run, a step timeout', async () => {
    const run = await runJob({
      claims: [
        task('t1', 'linuxScript', { script: 'echo one\nexit 3' }),
        task('t2', 'linuxScript', { script: 'exit 4', continueNoneZero: 'true' }),
        task('t3', 'marketBuild', { atomCode: 'x' }),
        task('t4', 'linuxScript', { script: 'sleep 30', additionalOptions: JSON.stringify({ timeout: 0.005, enable: true }) }),
        { status: 'END' },
      ],
    });

    expect(run.outcome.success).toBe(true);
    expect(run.completes.map((result) => [result.taskId, result.success, result.errorCode, result.errorType, result.message])).toEqual([
      ['t1', false, 2199101, 'USER', 'Script command execution failed with exit code(3)'],
      ['t2', true, null, null, 'Script command execution failed with exit code(4)'],
      ['t3', false, 2199104, 'USER', 'The step type "marketBuild" cannot run on this agent (it runs linuxScript only)'],
      ['t4', false, 2199102, 'USER', 'The step timed out after 0 s'],
    ]);
    expect(run.logLines.filter((line) => line.tag === 't3').map((line) => line.message)).toEqual(['[Step t3]', '##[error]The step type "marketBuild" cannot run on this agent (it runs linuxScript only)']);
  });

  it('kills the running task named in a heartbeat answer and completes it cancelled', async () => {
    let claimedLong = false;
    const started = Date.now();
    const run = await runJob({
      claims: [task('t9', 'linuxScript', { script: 'sleep 30 &\nsleep 30' }), { status: 'END' }],
      route: (request) => {
        if (opOf(request).endsWith('/claim')) claimedLong = true;
        if (opOf(request).endsWith('/heartbeat/v1') && claimedLong) return { data: { cancelTaskIds: ['t9'] } };
        return undefined;
      },
    });

    expect(Date.now() - started).toBeLessThan(5_000);
    expect(run.completes.map((result) => [result.taskId, result.success, result.errorCode])).toEqual([['t9', false, 2199103]]);
    expect(run.requests.filter((request) => opOf(request).endsWith('/heartbeat/v1')).every((request) => request.method === 'POST' && JSON.stringify(request.body) === '{}')).toBe(true);
  });

  it('retries an unavailable server, and ends the job on a refusal', async () => {
    let startedCalls = 0;
    const run = await runJob({
      claims: [{ status: 'END' }],
      route: (request) => {
        if (opOf(request).endsWith('/started')) return startedCalls++ < 2 ? unavailable : undefined;
        if (opOf(request).endsWith('/claim')) return { httpStatus: 403, envelope: { status: 2101911, message: 'not this job', data: null } };
        return undefined;
      },
    });

    expect(run.worker.map((request) => request.path)).toEqual([
      '/ms/process/api/build/worker/started?retryCount=0&executeCount=1&buildId=b-1',
      '/ms/process/api/build/worker/started?retryCount=1&executeCount=1&buildId=b-1',
      '/ms/process/api/build/worker/started?retryCount=2&executeCount=1&buildId=b-1',
      '/ms/process/api/build/worker/claim?retryCount=0&executeCount=1&buildId=b-1',
    ]);
    expect(run.outcome).toEqual({ success: false, message: 'claim: refused (HTTP 403, 2101911: not this job)' });
  });

  it('stops the running step when the agent stops, and ends the job as failed', async () => {
    const started = Date.now();
    const run = await runJob({ claims: [task('t1', 'linuxScript', { script: 'sleep 30' }), { status: 'END' }], stopAfterMs: 300 });

    expect(Date.now() - started).toBeLessThan(3_000);
    expect(run.outcome).toEqual({ success: false, message: 'the agent is stopping' });
    expect(run.worker.map((request) => opOf(request).replace('/ms/process/api/build/worker/', ''))).toEqual(['started', 'claim']);
  });
});
