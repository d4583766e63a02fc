import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { LOCAL_AGENT } from '@bkci/contracts';
import { isFinish } from '@bkci/pipeline-model';
import { TEST_ADMIN_TOKEN, TEST_PROFILE, TestEnvironment } from '@bkci/testing';
import { environmentApp } from '../apps/environment/src/environment.app';
import { logApp } from '../apps/log/src/log.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { BuildDispatchEntity } from '../apps/process/src/builds/entities/build-dispatch.entity';
import { BuildHistoryEntity } from '../apps/process/src/builds/entities/build-history.entity';
import { BuildTaskEntity } from '../apps/process/src/builds/entities/build-task.entity';
import { processApp } from '../apps/process/src/process.app';
import { ticketApp } from '../apps/ticket/src/ticket.app';
import { httpCaller } from './http-caller';

/**
 * The build engine's figures (issue 14), through the gateway on 127.0.0.1 with the real agent program
 * (`dist/agent/bkci-agent.js`, as `npm start` runs it) in a process of its own (`npm run bench:builds`,
 * embedded profile by default; TEST_PROFILE=services for MariaDB, Redis and RabbitMQ):
 *  - latency: BUILDS builds of a 1-job, 1-step pipeline, one after another: from the start call to the
 *    step's first command (it writes `date +%s%3N` to a file: bash is running the step), p50 and p99;
 *    in the embedded profile also to the step's startTime as process recorded it (claimed by the agent),
 *    and the p50 of each hop on the way (queued for the agent, claimed, worker started, step claimed);
 *  - per job: BUILDS builds of a 3-job pipeline of no-op steps, one after another, on the one agent
 *    (its default parallel task count): wall time per job, against running the same 3 × BUILDS steps
 *    directly with `bash -e <file>` in the same run, and the ratio;
 *  - baseline for the latency, in the same run: spawning `bash -e` on the same step, to its first command.
 */
const BUILDS = Number(process.env.BENCH_BUILDS ?? 200);
const PROJECT = 'buildbench';
const BUNDLE = join(__dirname, '..', 'agent', 'bkci-agent.js');
const FIRST_STEP = `version: v3.0
name: first-step
on:
  manual: enabled
variables:
  MARK:
    value: mark
stages:
  - name: run
    jobs:
      only:
        name: only
        runs-on:
          pool-name: docker
        steps:
          - name: mark
            run: date +%s%3N > "\${MARK}"
`;
const NO_OP_STEP = ':';
const THREE_JOBS = `version: v3.0
name: three-jobs
on:
  manual: enabled
stages:
  - name: run
    jobs:
${['one', 'two', 'three'].map((job) => `      ${job}:\n        name: ${job}\n        runs-on:\n          pool-name: docker\n        steps:\n          - name: no-op\n            run: "${NO_OP_STEP}"\n`).join('')}`;

const http = new Agent({ keepAlive: true });
const call = httpCaller(http);
const admin = { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, 'content-type': 'application/json' };

async function main(): Promise<void> {
  const env = new TestEnvironment({ BKCI_LOG_LEVEL: 'silent' });
  const scratch = mkdtempSync(join(tmpdir(), 'bkci-builds-bench-'));
  let agent: ChildProcess | null = null;
  try {
    if (!existsSync(BUNDLE)) throw new Error(`no agent bundle at ${BUNDLE}: run npm run build`);
    const processPort = await env.reservePort('process');
    const environmentPort = await env.reservePort('environment');
    await env.start(ticketApp);
    await env.start(logApp);
    const processData = (await env.start(processApp, processPort)).app.get(DataSource);
    await env.start(environmentApp, environmentPort);
    const gateway = (await env.start(openapiApp)).url;
    await call(`${gateway}/ms/process/api/user/projects`, 'POST', admin, JSON.stringify({ projectName: 'Build bench', englishName: PROJECT }));
    agent = await startAgent(env, gateway, scratch);
    console.log(`profile ${TEST_PROFILE}: ${BUILDS} builds per phase, one agent`);

    const firstStep = await createPipeline(gateway, FIRST_STEP);
    const threeJobs = await createPipeline(gateway, THREE_JOBS);
    const marks = join(scratch, 'marks');
    mkdirSync(marks);
    // One build first, not measured: the first build pays for warming caches and connections.
    await runBuild(gateway, processData, firstStep, { MARK: join(marks, 'warm') });

    const toCommand: number[] = [];
    const toStartTime: number[] = [];
    const hops: Record<string, number[]> = Object.fromEntries(HOPS.map((hop) => [hop, []]));
    for (let i = 0; i < BUILDS; i++) {
      const mark = join(marks, String(i));
      const startedAt = Date.now();
      const buildId = await runBuild(gateway, processData, firstStep, { MARK: mark });
      const commandAt = Number(readFileSync(mark, 'utf8').trim());
      toCommand.push(commandAt - startedAt);
      const times = await hopTimes(processData, buildId);
      toStartTime.push(times.stepStarted - startedAt);
      const at = [startedAt, times.queued, times.claimed, times.workerStarted, times.stepStarted, commandAt];
      HOPS.forEach((hop, index) => hops[hop].push(at[index + 1] - at[index]));
    }
    const bashToCommand = directBashToCommand(scratch, BUILDS);
    report(`trigger → step's first command (date +%s%3N on the agent), ${BUILDS} builds`, toCommand);
    report(`baseline, spawning bash -e on the same step → its first command`, bashToCommand);
    // The engine's times are stored in DATETIME columns: milliseconds in SQLite, whole seconds in MariaDB.
    if (TEST_PROFILE === 'embedded') {
      report(`trigger → step's startTime (recorded by process when the agent claims it)`, toStartTime);
      console.log(`where the time goes, p50 per hop (as the engine recorded them): ${HOPS.map((hop) => `${hop} ${percentile(hops[hop], 0.5)} ms`).join(', ')}`);
    } else {
      console.log('(no per-hop figures: MariaDB keeps the engine\'s times in whole seconds)');
    }
    console.log(`ratio trigger → first command / bash spawn → first command, p50: ${(percentile(toCommand, 0.5) / percentile(bashToCommand, 0.5)).toFixed(1)} (aim p50 < 100 ms, p99 < 500 ms)`);

    const started = performance.now();
    for (let i = 0; i < BUILDS; i++) await runBuild(gateway, processData, threeJobs, {});
    const perJob = (performance.now() - started) / (BUILDS * 3);
    const bashPerStep = directBash(scratch, BUILDS * 3);
    console.log(`${BUILDS} builds of 3 no-op jobs, one after another: ${perJob.toFixed(1)} ms per job (${((perJob * BUILDS * 3) / 1000).toFixed(1)} s)`);
    console.log(`baseline, the same ${BUILDS * 3} steps run with bash -e one after another: ${bashPerStep.toFixed(1)} ms per step`);
    console.log(`ratio control plane per job / bash per step: ${(perJob / bashPerStep).toFixed(1)}`);
  } finally {
    if (agent && agent.exitCode === null) {
      const exited = new Promise((resolve) => agent!.once('exit', resolve));
      agent.kill('SIGKILL');
      await exited;
    }
    http.destroy();
    await env.close();
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** A build's way to its first step, hop by hop: each ends at the time the engine recorded. */
const HOPS = ['start call → job queued for the agent', 'queued → agent claimed the job', 'claimed → worker started', 'worker started → step claimed', 'step claimed → first command'];

async function hopTimes(data: DataSource, buildId: string): Promise<{ queued: number; claimed: number; workerStarted: number; stepStarted: number }> {
  const dispatch = await data.getRepository(BuildDispatchEntity).findOneByOrFail({ buildId });
  const tasks = await data.getRepository(BuildTaskEntity).findBy({ buildId });
  const startVM = tasks.find((task) => task.taskId.startsWith('startVM-'))!;
  const step = tasks.find((task) => task.taskName === 'mark')!;
  return { queued: dispatch.queuedAt.getTime(), claimed: dispatch.claimedAt!.getTime(), workerStarted: startVM.endTime!.getTime(), stepStarted: step.startTime!.getTime() };
}

/** The local agent (shared with every project) as its own process, online once this resolves. */
async function startAgent(env: TestEnvironment, gateway: string, dir: string): Promise<ChildProcess> {
  const credentials = await env.serviceClient().call(LOCAL_AGENT, {}, { onBehalfOf: '' });
  const workDir = join(dir, 'workspace');
  mkdirSync(workDir);
  const configFile = join(dir, 'agent.json');
  writeFileSync(configFile, JSON.stringify({ ...credentials, gateway, workDir }), { mode: 0o600 });
  const logFile = join(dir, 'agent.log');
  const out = openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, [BUNDLE, 'run', '--config', configFile], { cwd: dir, env: { PATH: process.env.PATH ?? '', HOME: dir }, stdio: ['ignore', out, out] });
  } finally {
    closeSync(out);
  }
  const deadline = Date.now() + 30_000;
  while (!readFileSync(logFile, 'utf8').includes('"event":"startup"')) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the agent did not come online:\n${readFileSync(logFile, 'utf8')}`);
    await sleep(50);
  }
  return child;
}

/** A YAML pipeline saved and released as the console does; its id. */
async function createPipeline(gateway: string, yaml: string): Promise<string> {
  const base = `${gateway}/ms/process/api/user/version/projects/${PROJECT}`;
  const saved = JSON.parse(await call(`${base}/saveDraft`, 'POST', admin, JSON.stringify({ storageType: 'YAML', yaml, baseVersion: 0 }))) as { data: { pipelineId: string; version: number } };
  await call(`${base}/pipelines/${saved.data.pipelineId}/releaseVersion/${saved.data.version}`, 'POST', admin, JSON.stringify({ enablePac: false }));
  return saved.data.pipelineId;
}

/** Starts a build and waits until it has finished SUCCEED; its id. */
async function runBuild(gateway: string, data: DataSource, pipelineId: string, values: Record<string, string>): Promise<string> {
  const started = JSON.parse(await call(`${gateway}/ms/process/api/user/builds/${PROJECT}/${pipelineId}`, 'POST', admin, JSON.stringify(values))) as { data: { id: string } };
  const buildId = started.data.id;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { status } = await data.getRepository(BuildHistoryEntity).findOneByOrFail({ buildId });
    if (isFinish(status)) {
      if (status !== 'SUCCEED') throw new Error(`build ${buildId} ended ${status}`);
      return buildId;
    }
    if (Date.now() > deadline) throw new Error(`build ${buildId} still ${status} after 60 s`);
    await sleep(5);
  }
}

/** Each of `count` runs of the first-step script spawned directly: from the spawn to its `date`. */
function directBashToCommand(dir: string, count: number): number[] {
  const script = join(dir, 'mark.sh');
  const mark = join(dir, 'direct-mark');
  writeFileSync(script, `date +%s%3N > "${mark}"\n`);
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const startedAt = Date.now();
    runBash(script, dir);
    latencies.push(Number(readFileSync(mark, 'utf8').trim()) - startedAt);
  }
  return latencies;
}

/** Runs the no-op step `count` times with `bash -e <file>`; milliseconds per run. */
function directBash(dir: string, count: number): number {
  const script = join(dir, 'no-op.sh');
  writeFileSync(script, `${NO_OP_STEP}\n`);
  const started = performance.now();
  for (let i = 0; i < count; i++) runBash(script, dir);
  return (performance.now() - started) / count;
}

function runBash(script: string, cwd: string): void {
  const { status } = spawnSync('bash', ['-e', script], { cwd, stdio: 'ignore' });
  if (status !== 0) throw new Error(`bash -e ${script} exited ${status}`);
}

function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function report(name: string, values: number[]): void {
  console.log(`${name}: p50 ${percentile(values, 0.5)} ms, p99 ${percentile(values, 0.99)} ms, max ${Math.max(...values)} ms`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
