import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { BuildDispatchEntity } from '../apps/process/src/builds/entities/build-dispatch.entity';
import { createYamlPipeline, startBuild, untilFinished, withAgentStack } from './build-run.fixtures';

const PROJECT = 'timeouts';

/**
 * Each timeout ends its job with BK-CI's status and says why, with the real agent: a step past its
 * `timeout-minutes` (killed on the agent: EXEC_TIMEOUT), a job past its own (the engine's monitor:
 * EXEC_TIMEOUT), a job no agent took within its `queue-timeout-minutes` (QUEUE_TIMEOUT). The three
 * run side by side in one build, the shortest each timeout can be (a minute).
 */
describe('build timeouts', () => {
  jest.setTimeout(180_000);
  const stack = withAgentStack(PROJECT, 'tina');
  let gateway: string;
  let dataSource: DataSource;
  let developer: Record<string, string>;

  beforeAll(async () => {
    ({ gateway, dataSource, developer } = stack);
    const pool = await request(gateway).post(`/ms/environment/api/user/environment/${PROJECT}`).set(developer).send({ name: 'empty-pool', envType: 'BUILD', nodeHashIds: [] });
    expect([pool.body.status, pool.body.message]).toEqual([0, null]);
  });

  it('ends a step, a job and a queued job at their timeouts, each with its status and reason', async () => {
    const pipelineId = await createYamlPipeline(gateway, developer, PROJECT, readFileSync(join(__dirname, 'fixtures/yaml/builds/timeouts.yml'), 'utf8'));
    const buildId = await startBuild(gateway, developer, PROJECT, pipelineId);
    const { build, jobs, steps } = await untilFinished(dataSource, buildId, 150_000);

    expect(build.status).toBe('FAILED');
    const job = (name: string) => jobs.find((j) => j.jobId === name)!;
    const step = (name: string) => steps.find((s) => s.taskName === name)!;
    expect(step('sleeps past its minute')).toMatchObject({ status: 'EXEC_TIMEOUT', errorCode: 2199102 });
    expect(job('step-timeout').status).toBe('EXEC_TIMEOUT');
    // The monitor ends the job, or the agent first kills the step at the job's time left (its own bound): either way the job timed out.
    expect(job('job-timeout').status).toBe('EXEC_TIMEOUT');
    expect(['the job ran longer than its timeout of 1 min', `step "sleeps past the job's minute" ended EXEC_TIMEOUT`]).toContain(job('job-timeout').statusReason);
    expect(step("sleeps past the job's minute")).toMatchObject({ status: 'EXEC_TIMEOUT' });
    expect(job('queue-timeout').status).toBe('QUEUE_TIMEOUT');
    expect(job('queue-timeout').statusReason).toMatch(/^no agent took the job within 1 min \(waiting for an agent: env "empty-pool" has no imported agent\)$/);
    // Nothing is left to an agent: the killed steps' jobs let their agent go (its workerBuildFinish may come just after the build's end).
    await waitFor(async () => (await dataSource.getRepository(BuildDispatchEntity).countBy({ buildId, status: 'RUNNING' })) === 0, 10_000, 'the agent to let its jobs go');
  });
});
