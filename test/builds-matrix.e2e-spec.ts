import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { BuildTaskEntity } from '../apps/process/src/builds/entities/build-task.entity';
import { createYamlPipeline, logMessages, startBuild, untilFinished, withAgentStack } from './build-run.fixtures';

const PROJECT = 'matrix';
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/yaml/builds', name), 'utf8');

/** The most intervals open at one instant. */
function mostAtOnce(intervals: { start: number; end: number }[]): number {
  return Math.max(...intervals.map(({ start }) => intervals.filter((other) => other.start <= start && start < other.end).length));
}

/**
 * Matrix jobs on the real agent: a YAML `strategy` expands into child jobs when the job starts,
 * at most `max-parallel` of them run at once, each sees its own `${{ matrix.<key> }}` values, and
 * the matrix job takes their aggregate status; with `fast-kill` a failed child stops the others.
 */
describe('matrix jobs run on the agent', () => {
  jest.setTimeout(120_000);
  const stack = withAgentStack(PROJECT, 'mia');
  let gateway: string;
  let dataSource: DataSource;
  let developer: Record<string, string>;

  beforeAll(() => ({ gateway, dataSource, developer } = stack));

  it('runs a 2×2 matrix two at a time, each child with its own matrix values, and the matrix job SUCCEEDs', async () => {
    const pipelineId = await createYamlPipeline(gateway, developer, PROJECT, fixture('matrix.yml'));
    const buildId = await startBuild(gateway, developer, PROJECT, pipelineId);
    const { build, jobs, steps } = await untilFinished(dataSource, buildId, 90_000);

    expect(build.status).toBe('SUCCEED');
    expect(jobs.map((job) => [job.containerId, job.jobId, job.matrixGroupId, job.status])).toEqual([
      ['0', null, null, 'SUCCEED'],
      ['1', 'build', null, 'SUCCEED'],
      ['1001', 'build.0', '1', 'SUCCEED'],
      ['1002', 'build.1', '1', 'SUCCEED'],
      ['1003', 'build.2', '1', 'SUCCEED'],
      ['1004', 'build.3', '1', 'SUCCEED'],
    ]);
    expect(jobs[1].statusReason).toBe('matrix: 4 of 4 done');
    // The matrix job has no steps of its own; each child has its copy of "show", ids unique in the build.
    const shows = steps.filter((step) => step.taskName === 'show');
    expect(shows.map((step) => [step.containerId, step.status])).toEqual([
      ['1001', 'SUCCEED'],
      ['1002', 'SUCCEED'],
      ['1003', 'SUCCEED'],
      ['1004', 'SUCCEED'],
    ]);
    expect(steps.filter((step) => step.containerId === '1')).toEqual([]);
    expect(new Set(steps.map((step) => step.taskId)).size).toBe(steps.length);
    // max-parallel 2: never more than two children's steps at once, and two did run side by side.
    expect(mostAtOnce(shows.map((step) => ({ start: step.startTime!.getTime(), end: step.endTime!.getTime() })))).toBe(2);

    const lines = await logMessages(gateway, developer, PROJECT, pipelineId, buildId);
    expect(lines).toEqual(expect.arrayContaining(['matrix alpha-1', 'matrix alpha-2', 'matrix beta-1', 'matrix beta-2']));

    const detail = await request(gateway).get(`/ms/process/api/user/builds/${PROJECT}/${pipelineId}/${buildId}/detail`).set(developer);
    expect([detail.status, detail.body.message]).toEqual([200, null]);
    const matrixJob = detail.body.data.model.stages[1].containers[0];
    expect(matrixJob).toMatchObject({ id: '1', status: 'SUCCEED', matrixGroupFlag: true, matrixControlOption: { maxConcurrency: 2, totalCount: 4, finishCount: 4 } });
    const children = matrixJob.groupContainers as { id: string; name: string; jobId: string; status: string; matrixContext: Record<string, string>; elements: { '@type': string; name: string; status: string }[] }[];
    expect(children.map((child) => [child.id, child.name, child.jobId, child.status, child.matrixContext])).toEqual([
      ['1001', 'build alpha', 'build.0', 'SUCCEED', { 'matrix.os': 'alpha', 'matrix.v': '1' }],
      ['1002', 'build alpha', 'build.1', 'SUCCEED', { 'matrix.os': 'alpha', 'matrix.v': '2' }],
      ['1003', 'build beta', 'build.2', 'SUCCEED', { 'matrix.os': 'beta', 'matrix.v': '1' }],
      ['1004', 'build beta', 'build.3', 'SUCCEED', { 'matrix.os': 'beta', 'matrix.v': '2' }],
    ]);
    expect(children.map((child) => child.elements.map((e) => [e['@type'], e.name, e.status]))).toEqual(Array(4).fill([['matrixStatus', 'show', 'SUCCEED']]));
  });

  it('with fast-kill, a failed child cancels the others: the running one is stopped, the waiting ones never run, the build FAILs', async () => {
    const pipelineId = await createYamlPipeline(gateway, developer, PROJECT, fixture('matrix-fast-kill.yml'));
    const buildId = await startBuild(gateway, developer, PROJECT, pipelineId);
    const { build, jobs, steps } = await untilFinished(dataSource, buildId, 60_000);

    expect(build.status).toBe('FAILED');
    expect(jobs.map((job) => [job.containerId, job.status])).toEqual([
      ['0', 'SUCCEED'],
      ['1', 'FAILED'],
      ['1001', 'FAILED'],
      ['1002', 'CANCELED'],
      ['1003', 'CANCELED'],
      ['1004', 'CANCELED'],
    ]);
    expect(jobs[2].statusReason).not.toContain('cancelled');
    for (const job of jobs.slice(3)) expect(job.statusReason).toBe('cancelled: job build.0 of the matrix failed (fast-kill)');
    const step = (containerId: string) => steps.find((s) => s.containerId === containerId && s.taskName === 'maybe fail')!;
    expect(step('1001')).toMatchObject({ status: 'FAILED', errorCode: 2199101 });
    // The running child's step was killed mid-sleep.
    expect(step('1002')).toMatchObject({ status: 'CANCELED' });
    expect(step('1002').startTime).not.toBeNull();
    // The waiting children never started a step.
    expect([step('1003'), step('1004')].map((s) => [s.status, s.startTime])).toEqual([
      ['UNEXEC', null],
      ['UNEXEC', null],
    ]);
    expect(steps.filter((s) => ['RUNNING', 'QUEUE_CACHE', 'CALL_WAITING'].includes(s.status))).toEqual([]);

    const lines = await logMessages(gateway, developer, PROJECT, pipelineId, buildId);
    expect(lines).toEqual(expect.arrayContaining(['child 1 fails', 'child 2 sleeps']));
    expect(lines.filter((line) => /child [34]/.test(line))).toEqual([]);
    expect(lines.filter((line) => line.includes('woke up'))).toEqual([]);
  });

  it("reads an axis from a variable when the job starts, and a matrix that cannot be read fails its job with the reason", async () => {
    const pipelineId = await createYamlPipeline(gateway, developer, PROJECT, fixture('matrix-from-variable.yml'));
    const good = await untilFinished(dataSource, await startBuild(gateway, developer, PROJECT, pipelineId), 60_000);
    expect(good.build.status).toBe('SUCCEED');
    expect(good.jobs.map((job) => [job.containerId, job.status, (job.conditions as { matrixContext?: unknown }).matrixContext ?? null])).toEqual([
      ['0', 'SUCCEED', null],
      ['1', 'SUCCEED', null],
      ['1001', 'SUCCEED', { 'matrix.target': 'x' }],
      ['1002', 'SUCCEED', { 'matrix.target': 'y' }],
    ]);
    const lines = await logMessages(gateway, developer, PROJECT, pipelineId, good.build.buildId);
    expect(lines).toEqual(expect.arrayContaining(['target x', 'target y']));

    const bad = await untilFinished(dataSource, await startBuild(gateway, developer, PROJECT, pipelineId, { TARGETS: 'not a list' }), 60_000);
    expect(bad.build.status).toBe('FAILED');
    expect(bad.jobs.map((job) => [job.containerId, job.status, job.statusReason])).toEqual([
      ['0', 'SUCCEED', null],
      ['1', 'FAILED', 'matrix: matrix values of "target" are not a list: not a list'],
    ]);
  });

  it('cancels a build in the middle of a matrix: its children end with it and no waiting child starts', async () => {
    const pipelineId = await createYamlPipeline(gateway, developer, PROJECT, fixture('matrix.yml').replace('name: matrix-two-by-two', 'name: matrix-to-cancel'));
    const buildId = await startBuild(gateway, developer, PROJECT, pipelineId);
    const tasks = dataSource.getRepository(BuildTaskEntity);
    await waitFor(async () => (await tasks.countBy({ buildId, taskName: 'show', status: 'RUNNING' })) === 2, 30_000, 'the first two children to run their steps');
    const stop = await request(gateway).delete(`/ms/process/api/user/builds/${PROJECT}/${pipelineId}/${buildId}/`).set(developer);
    expect([stop.status, stop.body.message]).toEqual([200, null]);
    const { build, jobs, steps } = await untilFinished(dataSource, buildId);
    expect(build.status).toBe('CANCELED');
    expect(jobs.map((job) => [job.containerId, job.status])).toEqual([
      ['0', 'SUCCEED'],
      ['1', 'CANCELED'],
      ['1001', 'CANCELED'],
      ['1002', 'CANCELED'],
      ['1003', 'CANCELED'],
      ['1004', 'CANCELED'],
    ]);
    // Give a late START a chance to show itself: the waiting children still never ran.
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = await tasks.find({ where: { buildId, taskName: 'show' }, order: { containerId: 'ASC' } });
    expect(after.map((step) => [step.containerId, step.status, step.startTime === null])).toEqual([
      ['1001', 'CANCELED', false],
      ['1002', 'CANCELED', false],
      ['1003', 'CANCELED', true],
      ['1004', 'CANCELED', true],
    ]);
    expect(steps.filter((step) => ['RUNNING', 'QUEUE_CACHE', 'CALL_WAITING'].includes(step.status))).toEqual([]);
  });
});
