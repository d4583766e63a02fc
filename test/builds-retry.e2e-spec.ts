import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { hostFacts } from '../apps/agent/src/host-identity';
import { agentHeaders } from './agents.fixtures';
import { createYamlPipeline, startBuild, untilFinished, withAgentStack } from './build-run.fixtures';

const PROJECT = 'retries';
const YAML = readFileSync(join(__dirname, 'fixtures/yaml/builds/retry.yml'), 'utf8');

type Ended = Awaited<ReturnType<typeof untilFinished>>;

/**
 * BK-CI's manual retry of an ended build, on the real agent through the gateway: the build runs
 * again as its next execution (executeCount + 1) — whole from its first failed stage, only its
 * failed jobs, one step, or past a skipped step — and the record of the first execution stays.
 */
describe('builds retried', () => {
  jest.setTimeout(180_000);
  const stack = withAgentStack(PROJECT, 'dora');
  let gateway: string;
  let dataSource: DataSource;
  let developer: Record<string, string>;

  const retryPath = (pipelineId: string, buildId: string) => `/ms/process/api/user/builds/${PROJECT}/${pipelineId}/${buildId}/retry`;
  const step = (ended: Ended, name: string) => ended.steps.find((task) => task.taskName === name)!;
  const job = (ended: Ended, jobId: string) => ended.jobs.find((container) => container.jobId === jobId)!;

  /** A pipeline of retry.yml and its first build, which fails at the gate (no flag in the workspace yet). */
  async function failedBuild(name: string): Promise<{ pipelineId: string; buildId: string; first: Ended }> {
    const pipelineId = await createYamlPipeline(gateway, developer, PROJECT, YAML.replace('name: retry', `name: ${name}`));
    const buildId = await startBuild(gateway, developer, PROJECT, pipelineId);
    const first = await untilFinished(dataSource, buildId);
    expect(first.build.status).toBe('FAILED');
    expect(first.jobs.map((container) => [container.jobId, container.status])).toEqual([
      [null, 'SUCCEED'],
      ['steady', 'SUCCEED'],
      ['gated', 'FAILED'],
      ['publish', 'QUEUE'],
      ['cleanup', 'SUCCEED'],
    ]);
    expect(step(first, 'gate')).toMatchObject({ status: 'FAILED', executeCount: 1 });
    return { pipelineId, buildId, first };
  }

  /** The gate passes from now on. */
  const openGate = (pipelineId: string) => writeFileSync(join(stack.agent.workDir, pipelineId, 'pass.flag'), '');

  async function retry(pipelineId: string, buildId: string, query: Record<string, string> = {}): Promise<Ended> {
    const answer = await request(gateway).post(retryPath(pipelineId, buildId)).query(query).set(developer);
    expect([answer.status, answer.body.message]).toEqual([200, null]);
    expect(answer.body.data).toEqual({ id: buildId, num: 1, executeCount: 2, projectId: PROJECT, pipelineId });
    return untilFinished(dataSource, buildId);
  }

  const record = (pipelineId: string, buildId: string, executeCount: number) =>
    request(gateway).get(`/ms/process/api/user/builds/projects/${PROJECT}/pipelines/${pipelineId}/builds/${buildId}/record`).query({ executeCount }).set(developer);

  beforeAll(() => ({ gateway, dataSource, developer } = stack));

  it('retries the whole build through v4 from its first failed stage, refuses a second retry while it runs, and keeps the record of the first execution', async () => {
    const { pipelineId, buildId, first } = await failedBuild('retry-whole');
    openGate(pipelineId);
    const answer = await request(gateway).post(`/ms/openapi/api/apigw-user/v4/projects/${PROJECT}/build_retry`).query({ pipelineId, buildId }).set(developer);
    expect([answer.status, answer.body.message]).toEqual([200, null]);
    expect(answer.body.data).toEqual({ id: buildId, num: 1, executeCount: 2, projectId: PROJECT, pipelineId });

    const again = await request(gateway).post(retryPath(pipelineId, buildId)).set(developer);
    expect([again.status, again.body.status]).toEqual([409, 2101129]);

    const second = await untilFinished(dataSource, buildId);
    expect(second.build).toMatchObject({ status: 'SUCCEED', executeCount: 2 });
    expect(second.jobs.map((container) => [container.jobId, container.status, container.executeCount])).toEqual([
      [null, 'SUCCEED', 1],
      ['steady', 'SUCCEED', 2],
      ['gated', 'SUCCEED', 2],
      ['publish', 'SUCCEED', 2],
      ['cleanup', 'SUCCEED', 2],
    ]);
    expect(step(second, 'steady step').startTime!.getTime()).toBeGreaterThan(step(first, 'steady step').startTime!.getTime());
    expect(step(second, 'gate')).toMatchObject({ status: 'SUCCEED', executeCount: 2, retryCount: 0 });

    const firstRecord = await record(pipelineId, buildId, 1);
    expect([firstRecord.status, firstRecord.body.message]).toEqual([200, null]);
    expect(firstRecord.body.data).toMatchObject({ status: 'FAILED', executeCount: 1 });
    const gated = firstRecord.body.data.model.stages[1].containers[1];
    expect(gated).toMatchObject({ status: 'FAILED', executeCount: 1 });
    expect(gated.elements.map((element: { name: string; status: string }) => [element.name, element.status])).toEqual([
      ['before', 'SUCCEED'],
      ['gate', 'FAILED'],
      ['after', 'UNEXEC'],
    ]);
    expect(firstRecord.body.data.stageStatus.map((stage: { status: string }) => stage.status)).toEqual(['SUCCEED', 'FAILED', 'QUEUE', 'SUCCEED']);
    const secondRecord = await record(pipelineId, buildId, 2);
    expect(secondRecord.body.data).toMatchObject({ status: 'SUCCEED', executeCount: 2 });
    expect(secondRecord.body.data.stageStatus.map((stage: { status: string }) => stage.status)).toEqual(['SUCCEED', 'SUCCEED', 'SUCCEED', 'SUCCEED']);
    expect((await record(pipelineId, buildId, 3)).body.status).toBe(2101902);

    const logs = await request(gateway).get(`/ms/log/api/user/logs/${PROJECT}/${pipelineId}/${buildId}`).query({ executeCount: 2 }).set(developer);
    const lines = (logs.body.data.logs as { message: string }[]).map((line) => line.message);
    expect(lines).toEqual(expect.arrayContaining(['flag found', 'after the gate', 'published']));
    expect(lines).not.toContain('no flag yet');
  });

  it('retries only the failed jobs: the job that succeeded does not run again; a late word of the agent on a job’s first run leaves its second alone', async () => {
    const { pipelineId, buildId, first } = await failedBuild('retry-failed-jobs');
    openGate(pipelineId);
    const answer = await request(gateway).post(retryPath(pipelineId, buildId)).query({ failedContainer: 'true' }).set(developer);
    expect([answer.status, answer.body.data?.executeCount]).toEqual([200, 2]);
    // The agent's workerBuildFinish of the finally job's first run, arriving after the retry queued the job again.
    const credentials = JSON.parse(readFileSync(join(stack.scratch, 'agent.json'), 'utf8')) as { projectId: string; agentId: string; secretKey: string };
    const late = await request(gateway)
      .post('/ms/process/api/buildAgent/agent/thirdPartyAgent/workerBuildFinish')
      .set(agentHeaders({ ...credentials, host: hostFacts(process.env).identity }))
      .send({ projectId: PROJECT, buildId, vmSeqId: job(first, 'cleanup').containerId, executeCount: 1, success: true });
    expect([late.status, late.body.status, late.body.data]).toEqual([200, 0, true]);
    const second = await untilFinished(dataSource, buildId);
    expect(second.build.status).toBe('SUCCEED');
    expect(job(second, 'cleanup')).toMatchObject({ status: 'SUCCEED', executeCount: 2 });
    expect(job(second, 'steady')).toMatchObject({ status: 'SUCCEED', executeCount: 1 });
    expect(step(second, 'steady step')).toMatchObject({ status: 'SUCCEED', executeCount: 1, startTime: step(first, 'steady step').startTime });
    expect(job(second, 'gated')).toMatchObject({ status: 'SUCCEED', executeCount: 2 });
    expect(step(second, 'before').executeCount).toBe(2);
    expect(job(second, 'publish')).toMatchObject({ status: 'SUCCEED', executeCount: 2 });
  });

  it('retries one step: the steps before it keep their results and the job goes on after it', async () => {
    const { pipelineId, buildId, first } = await failedBuild('retry-step');
    openGate(pipelineId);
    const second = await retry(pipelineId, buildId, { taskId: step(first, 'gate').taskId });
    expect(second.build.status).toBe('SUCCEED');
    expect(step(second, 'before')).toMatchObject({ status: 'SUCCEED', executeCount: 1, startTime: step(first, 'before').startTime });
    expect(step(second, 'gate')).toMatchObject({ status: 'SUCCEED', executeCount: 2 });
    expect(step(second, 'after')).toMatchObject({ status: 'SUCCEED', executeCount: 2 });
    expect(job(second, 'steady')).toMatchObject({ status: 'SUCCEED', executeCount: 1 });
    expect(step(second, 'steady step').startTime).toEqual(step(first, 'steady step').startTime);
    expect(job(second, 'gated').executeCount).toBe(2);
  });

  it('skips a failed step by its stepId: it is SKIP and its job goes on after it; a step the build does not have is refused', async () => {
    const { pipelineId, buildId, first } = await failedBuild('retry-skip');
    const unknown = await request(gateway).post(retryPath(pipelineId, buildId)).query({ taskId: 'e-nothing' }).set(developer);
    expect([unknown.status, unknown.body.status]).toEqual([404, 2101081]);
    const passed = await request(gateway).post(retryPath(pipelineId, buildId)).query({ taskId: step(first, 'before').taskId, skip: 'true' }).set(developer);
    expect([passed.status, passed.body.status]).toEqual([409, 2101277]);

    const second = await retry(pipelineId, buildId, { taskId: 'gate', skip: 'true' });
    expect(second.build.status).toBe('SUCCEED');
    expect(step(second, 'gate')).toMatchObject({ status: 'SKIP', executeCount: 2, statusReason: 'Manually skipped' });
    expect(step(second, 'after')).toMatchObject({ status: 'SUCCEED', executeCount: 2 });
    expect(step(second, 'before').executeCount).toBe(1);
    expect(job(second, 'publish').status).toBe('SUCCEED');
  });
});
