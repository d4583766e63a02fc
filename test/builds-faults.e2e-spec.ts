import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createDataSource, dataSourceOptions } from '@bkci/persistence';
import { AppProcess, TEST_PROFILE, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource, In } from 'typeorm';
import { environmentApp } from '../apps/environment/src/environment.app';
import { logApp } from '../apps/log/src/log.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { BuildContainerEntity } from '../apps/process/src/builds/entities/build-container.entity';
import { BuildDispatchEntity } from '../apps/process/src/builds/entities/build-dispatch.entity';
import { BuildHistoryEntity } from '../apps/process/src/builds/entities/build-history.entity';
import { BuildStageEntity } from '../apps/process/src/builds/entities/build-stage.entity';
import { BuildTaskEntity } from '../apps/process/src/builds/entities/build-task.entity';
import { processApp } from '../apps/process/src/process.app';
import { ticketApp } from '../apps/ticket/src/ticket.app';
import { AgentProcess, createYamlPipeline, logMessages, startBuild, startBuildStack, untilFinished } from './build-run.fixtures';
import { ADMIN } from './builds.fixtures';

const PROJECT = 'faults';
/** The napper pipeline under a name of its own (names are unique in a project). */
const napper = (name: string) => readFileSync(join(__dirname, 'fixtures/yaml/builds/napper.yml'), 'utf8').replace('name: napper', `name: ${name}`);
/** Statuses of something still in progress: none may be left once the build has finished. */
const IN_PROGRESS = ['RUNNING', 'QUEUE_CACHE', 'CALL_WAITING', 'LOOP_WAITING', 'PREPARE_ENV'];

/** The build's build, stages, jobs, steps and dispatch rows that are still in progress (none, once it finished). */
async function leftInProgress(dataSource: DataSource, buildId: string): Promise<string[]> {
  const where = { buildId, status: In(IN_PROGRESS) };
  const [builds, stages, jobs, steps, dispatches] = await Promise.all([
    dataSource.getRepository(BuildHistoryEntity).findBy(where),
    dataSource.getRepository(BuildStageEntity).findBy(where),
    dataSource.getRepository(BuildContainerEntity).findBy(where),
    dataSource.getRepository(BuildTaskEntity).findBy(where),
    dataSource.getRepository(BuildDispatchEntity).findBy({ buildId, status: 'RUNNING' }),
  ]);
  return [
    ...builds.map((b) => `build ${b.status}`),
    ...stages.map((s) => `stage ${s.stageId} ${s.status}`),
    ...jobs.map((j) => `job ${j.containerId} ${j.status}`),
    ...steps.map((t) => `step ${t.taskId} ${t.status}`),
    ...dispatches.map((d) => `dispatch ${d.vmSeqId} ${d.status}`),
  ];
}

/** The nap step's shell pid (its process group), once the step has started on the agent. */
async function napStarted(pidFile: string): Promise<number> {
  let pid = 0;
  await waitFor(async () => {
    pid = Number(readOrEmpty(pidFile));
    return pid > 0;
  }, 60_000, 'the nap step to start on the agent');
  return pid;
}

function readOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
}

/** How many times the agent has come online (its log's startup events). */
function startups(agent: AgentProcess): number {
  return agent.log().split('\n').filter((line) => line.includes('"event":"startup"')).length;
}

/** SIGKILL to a process group that may already be gone (a step orphaned by its killed agent). */
function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL');
  } catch {
    // already gone
  }
}

/** Every step of the napper's job ran and succeeded, in order, and its lines reached the log. */
async function expectNapperSucceeded(gateway: string, dataSource: DataSource, pipelineId: string, buildId: string): Promise<void> {
  const { build, jobs, steps } = await untilFinished(dataSource, buildId, 90_000);
  expect(build.status).toBe('SUCCEED');
  expect(jobs.map((job) => job.status)).toEqual(['SUCCEED', 'SUCCEED']);
  const named = steps.filter((step) => step.taskName);
  expect(named.length).toBeGreaterThanOrEqual(3);
  expect(named.filter((step) => ['before', 'nap', 'after'].includes(step.taskName)).map((step) => [step.taskName, step.status])).toEqual([
    ['before', 'SUCCEED'],
    ['nap', 'SUCCEED'],
    ['after', 'SUCCEED'],
  ]);
  expect(await leftInProgress(dataSource, buildId)).toEqual([]);
  const lines = await logMessages(gateway, ADMIN, PROJECT, pipelineId, buildId);
  expect(lines).toEqual(expect.arrayContaining(['before the nap', 'napping', 'woke up', 'after the nap']));
}

/**
 * Builds under real faults, with the real agent process: the agent is SIGKILLed mid-step, RabbitMQ
 * restarts mid-build (services profile: the embedded one has no broker), and `process` itself is
 * SIGKILLed mid-build and started again. No build, stage, job, step or dispatch is left in progress.
 */
describe('builds under faults: the agent and the broker', () => {
  jest.setTimeout(180_000);
  const env = new TestEnvironment();
  const scratch = mkdtempSync(join(tmpdir(), 'bkci-builds-faults-'));
  let gateway: string;
  let dataSource: DataSource;
  let agent: AgentProcess;
  const orphans: number[] = [];

  beforeAll(async () => {
    ({ gateway, dataSource } = await startBuildStack(env, [PROJECT]));
    agent = await AgentProcess.start(env, gateway, scratch);
  });

  afterAll(async () => {
    orphans.forEach(killGroup);
    await agent?.kill();
    await env.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  // Other suites share the broker: it is restarted once, quickly, in this one test.
  if (TEST_PROFILE === 'services') {
    it('finishes a build when RabbitMQ restarts while a step runs', async () => {
      const pipelineId = await createYamlPipeline(gateway, ADMIN, PROJECT, napper('broker-restart'));
      const pidFile = join(scratch, 'broker-nap.pid');
      const buildId = await startBuild(gateway, ADMIN, PROJECT, pipelineId, { STARTED: pidFile, NAP: '4' });
      await napStarted(pidFile);
      try {
        await rabbitmqctl('stop_app');
      } finally {
        await rabbitmqctl('start_app');
      }
      await expectNapperSucceeded(gateway, dataSource, pipelineId, buildId);
    });
  }

  it('ends the job HEARTBEAT_TIMEOUT within 60 s when the agent is SIGKILLed mid-step, and finishes the build', async () => {
    const pipelineId = await createYamlPipeline(gateway, ADMIN, PROJECT, napper('agent-killed'));
    const pidFile = join(scratch, 'killed-nap.pid');
    const buildId = await startBuild(gateway, ADMIN, PROJECT, pipelineId, { STARTED: pidFile, NAP: '300' });
    const pgid = await napStarted(pidFile);
    // The step's shell is its own process group and outlives the agent, as on a real machine.
    orphans.push(pgid);
    await agent.kill();
    const killedAt = Date.now();

    const { build, jobs, steps } = await untilFinished(dataSource, buildId, 60_000);
    expect(Date.now() - killedAt).toBeLessThan(60_000);
    const job = jobs.find((j) => j.jobId === 'work')!;
    expect(job).toMatchObject({ status: 'HEARTBEAT_TIMEOUT' });
    expect(job.statusReason).toMatch(/went silent: no heartbeat for \d+ s/);
    expect(build.status).not.toBe('SUCCEED');
    expect(steps.find((step) => step.taskName === 'nap')!.status).not.toBe('SUCCEED');
    expect(steps.find((step) => step.taskName === 'after')!.status).not.toBe('SUCCEED');
    expect(await leftInProgress(dataSource, buildId)).toEqual([]);
  });
});

describe('builds under faults: process SIGKILLed mid-build', () => {
  jest.setTimeout(180_000);
  const env = new TestEnvironment();
  const scratch = mkdtempSync(join(tmpdir(), 'bkci-builds-faults-process-'));
  let gateway: string;
  let processChild: AppProcess;
  let dataSource: DataSource;
  let agent: AgentProcess | undefined;

  beforeAll(async () => {
    await env.start(ticketApp);
    await env.start(logApp);
    // process and environment call each other: environment's port is chosen before process starts.
    const environmentPort = await env.reservePort('environment');
    processChild = await env.spawn('process');
    await env.start(environmentApp, environmentPort);
    gateway = (await env.start(openapiApp)).url;
    dataSource = await createDataSource(dataSourceOptions(env.config('process').database, processApp.schema));
    const project = await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Faults', englishName: PROJECT });
    expect(project.status).toBe(201);
  });

  afterAll(async () => {
    await agent?.kill();
    await dataSource?.destroy();
    await env.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('completes the build when process is SIGKILLed while a step runs and started again', async () => {
    const pipelineId = await createYamlPipeline(gateway, ADMIN, PROJECT, napper('process-killed'));
    // The agent comes online once (so the job has it as a candidate) and is stopped; started again after
    // the job is queued, it takes the job at startup. In the embedded profile the bus is in-process, so
    // environment (in this process) never hears the work-ready event of process (a child process).
    agent = await AgentProcess.start(env, gateway, scratch);
    await waitFor(async () => startups(agent!) === 1, 30_000, 'the agent online');
    await agent.kill();
    const pidFile = join(scratch, 'nap.pid');
    const buildId = await startBuild(gateway, ADMIN, PROJECT, pipelineId, { STARTED: pidFile, NAP: '3' });
    agent = await AgentProcess.start(env, gateway, scratch);
    await napStarted(pidFile);

    await processChild.kill();
    const nap = await dataSource.getRepository(BuildTaskEntity).findOneByOrFail({ buildId, taskName: 'nap' });
    expect(nap.status).toBe('RUNNING');
    await processChild.restart();

    await expectNapperSucceeded(gateway, dataSource, pipelineId, buildId);
  });
});

/** Runs `rabbitmqctl <command>` without blocking the test's event loop. */
function rabbitmqctl(command: 'stop_app' | 'start_app'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('rabbitmqctl', ['-q', command], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rabbitmqctl ${command} exited ${code}: ${stderr}`))));
  });
}
