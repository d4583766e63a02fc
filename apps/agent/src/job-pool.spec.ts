import { CallResult } from './http-client';
import { ThirdPartyBuildInfo } from './job-api';
import { JobPool } from './job-pool';
import { JobOutcome } from './job-runner';
import { AgentLog } from './log';

const TIMING = { callTimeoutMs: 1_000, retryInitialMs: 5, retryMaxMs: 20 };
const silent: AgentLog = () => undefined;
const build = (buildId: string): ThirdPartyBuildInfo => ({ projectId: 'demo', buildId, vmSeqId: '1', workspace: '', pipelineId: 'p-1', executeCount: 1, containerHashId: 'c', buildToken: 't' });

/** Process handing out `builds` in order (then null), and jobs that run until the test ends them. */
function setup(answers: Array<CallResult<ThirdPartyBuildInfo | null>>, limit: number) {
  const calls: string[] = [];
  const client = {
    async callProcess<T>(method: string, path: string): Promise<CallResult<T>> {
      calls.push(`${method} ${path}`);
      if (path === 'workerBuildFinish') return { outcome: 'ok', data: true as T };
      return (answers.shift() ?? { outcome: 'ok', data: null }) as CallResult<T>;
    },
  };
  const jobs: Array<{ buildId: string; end(outcome: JobOutcome): void }> = [];
  const pool = new JobPool(
    client,
    (info) => ({
      info: { projectId: info.projectId, buildId: info.buildId, vmSeqId: info.vmSeqId, workspace: '' },
      run: () => new Promise<JobOutcome>((resolve) => jobs.push({ buildId: info.buildId, end: resolve })),
    }),
    silent,
    TIMING,
    limit,
  );
  return { pool, calls, jobs };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 30));
const ok = (data: ThirdPartyBuildInfo | null): CallResult<ThirdPartyBuildInfo | null> => ({ outcome: 'ok', data });

describe('JobPool', () => {
  it('takes jobs while a slot is free, and one more when a job ends', async () => {
    const { pool, calls, jobs } = setup([ok(build('b-1')), ok(build('b-2')), ok(build('b-3'))], 2);
    const signal = new AbortController().signal;
    pool.take(signal);
    await settle();
    expect(jobs.map((job) => job.buildId)).toEqual(['b-1', 'b-2']);
    expect(calls).toEqual(['GET startBuild', 'GET startBuild']);
    pool.take(signal);
    await settle();
    expect(calls).toHaveLength(2);

    jobs[0].end({ success: true, message: '' });
    await settle();
    expect(calls).toEqual(['GET startBuild', 'GET startBuild', 'POST workerBuildFinish', 'GET startBuild']);
    expect(jobs.map((job) => job.buildId)).toEqual(['b-1', 'b-2', 'b-3']);
    expect(pool.taskList().map((job) => job.buildId)).toEqual(['b-2', 'b-3']);
  });

  it('has no limit at 0, stops at a null answer, and retries an unavailable process', async () => {
    const { pool, calls, jobs } = setup([{ outcome: 'unavailable', reason: 'down' }, ok(build('b-1')), ok(build('b-2')), ok(build('b-3')), ok(null)], 0);
    pool.take(new AbortController().signal);
    await settle();
    expect(jobs).toHaveLength(3);
    expect(calls).toEqual(['GET startBuild', 'GET startBuild', 'GET startBuild', 'GET startBuild', 'GET startBuild']);
  });

  it('stops taking at a refusal', async () => {
    const { pool, calls, jobs } = setup([{ outcome: 'refused', httpStatus: 403, code: 2105011, message: 'no' }, ok(build('b-1'))], 0);
    pool.take(new AbortController().signal);
    await settle();
    expect(jobs).toHaveLength(0);
    expect(calls).toEqual(['GET startBuild']);
  });
});
