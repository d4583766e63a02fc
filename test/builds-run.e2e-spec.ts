import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { BuildStageEntity } from '../apps/process/src/builds/entities/build-stage.entity';
import { BuildTaskEntity } from '../apps/process/src/builds/entities/build-task.entity';
import { createYamlPipeline, logMessages, startBuild, untilFinished, withAgentStack } from './build-run.fixtures';

const PROJECT = 'runs';
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/yaml/builds', name), 'utf8');

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Builds run end to end on the real agent (the local agent of `npm start`, a process of its own):
 * YAML pipelines made as the console makes them, started by hand, their jobs dispatched to the
 * agent, its steps run by bash, their lines in the log, all through the gateway.
 */
describe('builds run on the agent', () => {
  jest.setTimeout(120_000);
  const stack = withAgentStack(PROJECT, 'dora');
  let gateway: string;
  let dataSource: DataSource;
  let developer: Record<string, string>;

  const steps = (buildId: string) => dataSource.getRepository(BuildTaskEntity).find({ where: { buildId }, order: { containerId: 'ASC', taskSeq: 'ASC' } });

  beforeAll(() => ({ gateway, dataSource, developer } = stack));

  it('runs stages in order, the jobs of a stage side by side, passes a step output on, and after a failure runs only the finally stage', async () => {
    const pipelineId = await createYamlPipeline(gateway, developer, PROJECT, fixture('stages.yml'));
    const buildId = await startBuild(gateway, developer, PROJECT, pipelineId);
    const { build, jobs, steps: tasks } = await untilFinished(dataSource, buildId);

    expect(build.status).toBe('FAILED');
    expect(jobs.map((job) => [job.jobId, job.status])).toEqual([
      [null, 'SUCCEED'],
      ['left', 'SUCCEED'],
      ['right', 'SUCCEED'],
      ['check', 'FAILED'],
      ['skipped', 'QUEUE'],
      ['cleanup', 'SUCCEED'],
    ]);
    const named = (name: string) => tasks.find((task) => task.taskName === name)!;
    expect(named('fail on purpose')).toMatchObject({ status: 'FAILED', errorCode: 2199101 });
    expect(named('never runs')).toMatchObject({ status: 'UNEXEC', statusReason: 'not run: step "fail on purpose" ended FAILED' });
    // The two jobs of the first stage ran at the same time: each started before the other ended.
    const [greet, wait] = [named('greet'), named('wait a bit')];
    expect(greet.startTime!.getTime()).toBeLessThan(wait.endTime!.getTime());
    expect(wait.startTime!.getTime()).toBeLessThan(greet.endTime!.getTime());
    // Stages ran in order: each job started after every job of the stage before it ended.
    expect(named('fail on purpose').startTime!.getTime()).toBeGreaterThanOrEqual(Math.max(greet.endTime!.getTime(), wait.endTime!.getTime()) - 1000);

    const lines = await logMessages(gateway, developer, PROJECT, pipelineId, buildId);
    expect(lines).toEqual(expect.arrayContaining(['hello from left', 'the word is bird', 'about to fail', 'cleaning up']));
    expect(lines).not.toContain('unreachable');

    // The pipeline's status (v4 pipeline_status, the list's row) shows this build as its latest.
    const status = await request(gateway).get(`/ms/openapi/api/apigw-user/v4/projects/${PROJECT}/pipelines/pipeline_status`).query({ pipelineId }).set(developer);
    expect([status.status, status.body.message]).toEqual([200, null]);
    expect(status.body.data).toMatchObject({
      pipelineId,
      pipelineName: 'stages-in-order',
      latestBuildId: buildId,
      latestBuildNum: 1,
      latestBuildStatus: 'FAILED',
      latestBuildStartTime: build.startTime!.getTime(),
      latestBuildEndTime: build.endTime!.getTime(),
      latestBuildUserId: 'dora',
      buildCount: 1,
      runningBuildCount: 0,
    });
  });

  it('decides each stage, job and step by its condition, goes on after continue-on-error, and retries a flaky step until it passes', async () => {
    const pipelineId = await createYamlPipeline(gateway, developer, PROJECT, fixture('conditions.yml'));
    const buildId = await startBuild(gateway, developer, PROJECT, pipelineId);
    const { build, jobs, steps: tasks } = await untilFinished(dataSource, buildId);
    expect(build.status).toBe('SUCCEED');
    expect(jobs.map((job) => [job.jobId, job.status])).toEqual([
      [null, 'SUCCEED'],
      ['steps', 'SUCCEED'],
      ['prod-job', 'SKIP'],
      ['in-prod-stage', 'SKIP'],
    ]);
    expect(jobs.find((job) => job.jobId === 'prod-job')!.statusReason).toBe('skipped: its run condition is not met');
    const stages = await dataSource.getRepository(BuildStageEntity).find({ where: { buildId }, order: { seq: 'ASC' } });
    expect(stages.map((stage) => stage.status)).toEqual(['SUCCEED', 'SUCCEED', 'SKIP']);
    const byName = Object.fromEntries(tasks.map((task) => [task.taskName, task]));
    expect(byName['only in prod']).toMatchObject({ status: 'SKIP', statusReason: `skipped: condition "variables.ENV == 'prod'" is false` });
    expect(byName['only in dev'].status).toBe('SUCCEED');
    expect(byName['fails but goes on'].status).toBe('FAILED');
    expect(byName['flaky']).toMatchObject({ status: 'SUCCEED', retryCount: 1 });
    expect(byName['runs after'].status).toBe('SUCCEED');
    const lines = await logMessages(gateway, developer, PROJECT, pipelineId, buildId);
    expect(lines).toEqual(expect.arrayContaining(['dev only', 'attempt 1', 'attempt 2', 'all good']));
    expect(lines).not.toContain('prod only');
    expect(lines).not.toContain('prod job');
    expect(lines).not.toContain('prod stage');
  });

  it('cancels a build: the running step’s process is killed within 5 s and nothing is left running', async () => {
    const pipelineId = await createYamlPipeline(gateway, developer, PROJECT, fixture('sleeper.yml'));
    const pidFile = join(stack.scratch, 'sleep.pid');
    const buildId = await startBuild(gateway, developer, PROJECT, pipelineId, { PIDFILE: pidFile });
    let pid = 0;
    await waitFor(async () => {
      pid = Number(readFileSyncOrEmpty(pidFile));
      return pid > 0;
    }, 30_000, 'the step to start its sleep');
    expect(processAlive(pid)).toBe(true);

    const stop = await request(gateway).delete(`/ms/process/api/user/builds/${PROJECT}/${pipelineId}/${buildId}/`).set(developer);
    expect([stop.status, stop.body.message]).toEqual([200, null]);
    const stoppedAt = Date.now();
    await waitFor(async () => !processAlive(pid), 5_000, 'the sleep to be killed');
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    const { build } = await untilFinished(dataSource, buildId);
    expect(build.status).toBe('CANCELED');
    expect((await steps(buildId)).filter((task) => ['RUNNING', 'QUEUE_CACHE', 'CALL_WAITING'].includes(task.status))).toEqual([]);
  });

  it('gives a step the credential it names, and its log shows the value masked', async () => {
    const secret = 'pa55-w0rd-kept-from-logs';
    const created = await request(gateway).post(`/ms/ticket/api/user/credentials/${PROJECT}`).set(developer).send({ credentialId: 'deploy_pw', credentialType: 'PASSWORD', v1: secret });
    expect([created.body.status, created.body.message]).toEqual([0, null]);
    const pipelineId = await createYamlPipeline(gateway, developer, PROJECT, fixture('secret.yml'));
    const buildId = await startBuild(gateway, developer, PROJECT, pipelineId);
    const { build } = await untilFinished(dataSource, buildId);
    expect(build.status).toBe('SUCCEED');
    const lines = await logMessages(gateway, developer, PROJECT, pipelineId, buildId);
    expect(lines).toEqual(expect.arrayContaining(['the password is ******', 'and again: ******']));
    expect(lines.join('\n')).not.toContain(secret);
  });

  it('refuses at start a pipeline with a step no agent here can run, naming it, and starts nothing', async () => {
    const yaml = fixture('sleeper.yml').replace('name: sleeper', 'name: windows-only').replace(/- name: sleep long\n\s+run: \|[\s\S]*$/, '- name: on windows\n            uses: windowsScript@1.*\n            with:\n              script: dir\n');
    const pipelineId = await createYamlPipeline(gateway, developer, PROJECT, yaml);
    const refused = await request(gateway).post(`/ms/process/api/user/builds/${PROJECT}/${pipelineId}`).set(developer).send({});
    expect([refused.status, refused.body.status]).toEqual([400, 2101913]);
    expect(refused.body.message).toContain('step "on windows" of job "sleep": "windowsScript" cannot run on an agent here');
  });
});

function readFileSyncOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}
