import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { LOCAL_AGENT } from '@bkci/contracts';
import { memberToken, StartedApp, TestEnvironment, waitFor } from '@bkci/testing';
import { isFinish } from '@bkci/pipeline-model';
import { DataSource } from 'typeorm';
import { environmentApp } from '../apps/environment/src/environment.app';
import { logApp } from '../apps/log/src/log.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { BuildContainerEntity } from '../apps/process/src/builds/entities/build-container.entity';
import { BuildHistoryEntity } from '../apps/process/src/builds/entities/build-history.entity';
import { BuildTaskEntity } from '../apps/process/src/builds/entities/build-task.entity';
import { processApp } from '../apps/process/src/process.app';
import { ticketApp } from '../apps/ticket/src/ticket.app';
import { ADMIN } from './builds.fixtures';

// The bundle builder of `npm run build` (plain JavaScript, run by node after nest build).
const { bundleAgent } = require('../scripts/bundle-agent') as { bundleAgent: (outfile: string) => string };

/**
 * Every app a build touches — ticket (job tokens, credentials), log, process (the engine),
 * environment (agents) — and the gateway in front, with `projectIds` made by the administrator.
 * process and environment call each other, so their ports are chosen before either starts. The
 * process app is handed back too, for a test that restarts it (`env.restart`).
 */
export async function startBuildStack(env: TestEnvironment, projectIds: string[]): Promise<{ gateway: string; dataSource: DataSource; processApp: StartedApp }> {
  const processPort = await env.reservePort('process');
  const environmentPort = await env.reservePort('environment');
  await env.start(ticketApp);
  await env.start(logApp);
  const process = await env.start(processApp, processPort);
  await env.start(environmentApp, environmentPort);
  const gateway = (await env.start(openapiApp)).url;
  for (const englishName of projectIds) {
    const project = await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: `Project ${englishName}`, englishName });
    expect(project.status).toBe(201);
  }
  return { gateway, dataSource: process.app.get(DataSource), processApp: process };
}

/**
 * The real agent program as a process of its own, as `npm start` runs it: the local agent (shared
 * with every project: the default pool), its config, log and workspace under `dir`.
 */
export class AgentProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly logFile: string,
    readonly workDir: string,
  ) {}

  static async start(env: TestEnvironment, gateway: string, dir: string): Promise<AgentProcess> {
    const bundle = bundleAgent(join(dir, 'bkci-agent.js'));
    const credentials = await env.serviceClient().call(LOCAL_AGENT, {}, { onBehalfOf: '' });
    const workDir = join(dir, 'workspace');
    mkdirSync(workDir, { recursive: true });
    const configFile = join(dir, 'agent.json');
    writeFileSync(configFile, JSON.stringify({ ...credentials, gateway, workDir }), { mode: 0o600 });
    const logFile = join(dir, 'agent.log');
    const out = openSync(logFile, 'a');
    try {
      const child = spawn(process.execPath, [bundle, 'run', '--config', configFile], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir }, stdio: ['ignore', out, out] });
      return new AgentProcess(child, logFile, workDir);
    } finally {
      closeSync(out);
    }
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  log(): string {
    return readFileSync(this.logFile, 'utf8');
  }

  /** SIGKILL, as a crash: no shutdown call, no job finished. */
  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.kill('SIGKILL');
    await exited;
  }
}

/** What a suite of builds on the agent works with; set once its beforeAll ran. */
export interface AgentStack {
  env: TestEnvironment;
  /** The agent's folder (config, log, workspace) and the suite's scratch space. */
  scratch: string;
  gateway: string;
  dataSource: DataSource;
  processApp: StartedApp;
  agent: AgentProcess;
  /** A developer of the project. */
  developer: Record<string, string>;
}

/**
 * Registers a suite's setup and teardown for builds on the real agent: the stack with `projectId`
 * (startBuildStack), `developerName` a developer of it, the agent started; all of it gone after the suite.
 */
export function withAgentStack(projectId: string, developerName: string): AgentStack {
  const stack = { env: new TestEnvironment(), scratch: mkdtempSync(join(tmpdir(), `bkci-${projectId}-`)) } as AgentStack;
  beforeAll(async () => {
    Object.assign(stack, await startBuildStack(stack.env, [projectId]));
    stack.developer = await memberToken(stack.gateway, projectId, developerName, 'developer');
    stack.agent = await AgentProcess.start(stack.env, stack.gateway, stack.scratch);
  });
  afterAll(async () => {
    await stack.agent?.kill();
    await stack.env.close();
    rmSync(stack.scratch, { recursive: true, force: true });
  });
  return stack;
}

/** A YAML pipeline made and released as BK-CI's console does (saveDraft, then releaseVersion); its id. */
export async function createYamlPipeline(gateway: string, who: Record<string, string>, projectId: string, yaml: string): Promise<string> {
  const saved = await request(gateway).post(`/ms/process/api/user/version/projects/${projectId}/saveDraft`).set(who).send({ storageType: 'YAML', yaml, baseVersion: 0 });
  expect([saved.status, saved.body.message]).toEqual([201, null]);
  const pipelineId = saved.body.data.pipelineId as string;
  const released = await request(gateway).post(`/ms/process/api/user/version/projects/${projectId}/pipelines/${pipelineId}/releaseVersion/${saved.body.data.version}`).set(who).send({ enablePac: false });
  expect([released.status, released.body.message]).toEqual([201, null]);
  return pipelineId;
}

/** Starts a build by hand (BK-CI's manual start); its id. */
export async function startBuild(gateway: string, who: Record<string, string>, projectId: string, pipelineId: string, values: Record<string, string> = {}): Promise<string> {
  const started = await request(gateway).post(`/ms/process/api/user/builds/${projectId}/${pipelineId}`).set(who).send(values);
  expect([started.status, started.body.message]).toEqual([200, null]);
  return started.body.data.id as string;
}

/** Waits for the build to end; the build, its jobs and its steps as the engine left them. */
export async function untilFinished(dataSource: DataSource, buildId: string, timeoutMs = 60_000) {
  const build = () => dataSource.getRepository(BuildHistoryEntity).findOneByOrFail({ buildId });
  const state = async () => ({
    build: await build(),
    jobs: await dataSource.getRepository(BuildContainerEntity).find({ where: { buildId }, order: { seq: 'ASC' } }),
    steps: await dataSource.getRepository(BuildTaskEntity).find({ where: { buildId }, order: { containerId: 'ASC', taskSeq: 'ASC' } }),
  });
  try {
    await waitFor(async () => isFinish((await build()).status), timeoutMs, `build ${buildId} to finish`);
  } catch (error) {
    // Where it stopped is what the failure needs to say.
    const { jobs, steps } = await state();
    const where = jobs.map((job) => `job ${job.containerId} ${job.status}${job.statusReason ? ` (${job.statusReason})` : ''}: ${steps.filter((s) => s.containerId === job.containerId).map((s) => `${s.taskId}=${s.status}`).join(' ')}`);
    throw new Error(`${(error as Error).message}\n${where.join('\n')}`);
  }
  return state();
}

/** The build's log lines as the console reads them. */
export async function logMessages(gateway: string, who: Record<string, string>, projectId: string, pipelineId: string, buildId: string): Promise<string[]> {
  const logs = await request(gateway).get(`/ms/log/api/user/logs/${projectId}/${pipelineId}/${buildId}`).set(who);
  expect([logs.status, logs.body.message]).toEqual([200, null]);
  return (logs.body.data.logs as { message: string }[]).map((line) => line.message);
}
