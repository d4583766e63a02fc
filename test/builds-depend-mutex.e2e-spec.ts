import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import { StartedApp, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { BuildContainerEntity } from '../apps/process/src/builds/entities/build-container.entity';
import { BuildTaskEntity } from '../apps/process/src/builds/entities/build-task.entity';
import { JobMutexHolderEntity } from '../apps/process/src/builds/engine/jobs/job-mutex-holder.entity';
import { JobMutexWaiterEntity } from '../apps/process/src/builds/engine/jobs/job-mutex-waiter.entity';
import { JobMutexControl } from '../apps/process/src/builds/engine/jobs/job-mutex.control';
import { createYamlPipeline, logMessages, startBuild, untilFinished, withAgentStack } from './build-run.fixtures';

const PROJECT = 'waits';
const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/yaml/builds', name), 'utf8');

/**
 * Jobs that wait before they start, on the real agent: depend-on (a job waits for other jobs of its
 * stage, and is skipped when one of them fails) and mutex groups (one job of the project holds a
 * mutex; others queue for it, fail when the queue is full or they waited too long).
 */
describe('jobs that wait: depend-on and mutex groups', () => {
  jest.setTimeout(120_000);
  const stack = withAgentStack(PROJECT, 'dora');
  let gateway: string;
  let dataSource: DataSource;
  let processApp: StartedApp;
  let developer: Record<string, string>;

  const job = (buildId: string, jobId: string) => dataSource.getRepository(BuildContainerEntity).findOneByOrFail({ buildId, jobId });
  const stepOf = (buildId: string, name: string) => dataSource.getRepository(BuildTaskEntity).findOneByOrFail({ buildId, taskName: name });
  const untilJob = (buildId: string, jobId: string, predicate: (row: BuildContainerEntity) => boolean, what: string) => waitFor(async () => predicate(await job(buildId, jobId)), 30_000, what);

  beforeAll(() => ({ gateway, dataSource, processApp, developer } = stack));

  describe('depend-on', () => {
    let pipelineId: string;
    beforeAll(async () => {
      pipelineId = await createYamlPipeline(gateway, developer, PROJECT, fixture('depend-on.yml'));
    });

    it('starts a job only once the job it depends on has ended, showing what it waits for; the others do not wait', async () => {
      const buildId = await startBuild(gateway, developer, PROJECT, pipelineId);
      await untilJob(buildId, 'second', (row) => row.status === 'DEPENDENT_WAITING', 'job second to wait for first');
      expect((await job(buildId, 'second')).statusReason).toBe('waiting for job first it depends on');

      const { build, jobs } = await untilFinished(dataSource, buildId);
      expect(build.status).toBe('SUCCEED');
      expect(jobs.map((row) => [row.jobId, row.status])).toEqual([
        [null, 'SUCCEED'],
        ['first', 'SUCCEED'],
        ['second', 'SUCCEED'],
        ['alone', 'SUCCEED'],
      ]);
      const [first, second, alone] = [await stepOf(buildId, 'first step'), await stepOf(buildId, 'second step'), await stepOf(buildId, 'alone step')];
      expect(second.startTime!.getTime()).toBeGreaterThanOrEqual(first.endTime!.getTime());
      // "alone" depends on nothing: it ran while "first" still slept.
      expect(alone.startTime!.getTime()).toBeLessThan(first.endTime!.getTime());
      const lines = await logMessages(gateway, developer, PROJECT, pipelineId, buildId);
      expect(lines).toEqual(expect.arrayContaining(['first done', 'second runs', 'alone runs']));
    });

    it('skips the job with its steps when the job it depends on fails', async () => {
      const buildId = await startBuild(gateway, developer, PROJECT, pipelineId, { FIRST_EXIT: '3' });
      const { build, jobs } = await untilFinished(dataSource, buildId);
      expect(build.status).toBe('FAILED');
      expect(jobs.map((row) => [row.jobId, row.status])).toEqual([
        [null, 'SUCCEED'],
        ['first', 'FAILED'],
        ['second', 'SKIP'],
        ['alone', 'SUCCEED'],
      ]);
      expect(jobs[2].statusReason).toBe('skipped: job first it depends on ended FAILED');
      expect((await stepOf(buildId, 'second step')).status).toBe('SKIP');
      expect(await logMessages(gateway, developer, PROJECT, pipelineId, buildId)).not.toContain('second runs');
    });

    it('refuses at start a pipeline whose jobs depend on each other, naming them, and starts nothing', async () => {
      const yaml = fixture('depend-on.yml').replace('name: depend-on', 'name: depend-on-cycle').replace('      first:\n        name: first\n', '      first:\n        name: first\n        depend-on:\n          - second\n');
      const cyclic = await createYamlPipeline(gateway, developer, PROJECT, yaml);
      const refused = await request(gateway).post(`/ms/process/api/user/builds/${PROJECT}/${cyclic}`).set(developer).send({});
      expect([refused.status, refused.body.status]).toEqual([400, 2101145]);
      expect(refused.body.message).toBe(`Pipeline ${cyclic} cannot run: stage "build": job second depends on first, which depends on it`);
      const history = await request(gateway).get(`/ms/process/api/user/builds/${PROJECT}/${cyclic}/history`).set(developer);
      expect([history.status, history.body.data.count]).toEqual([200, 0]);
    });
  });

  describe('mutex groups', () => {
    let pipelineId: string;
    const gate = (name: string) => join(stack.scratch, name);
    const open = (name: string) => writeFileSync(gate(name), '');
    const holding = (buildId: string) => untilJob(buildId, 'deploy', (row) => row.status === 'RUNNING', `build ${buildId} to hold the mutex`);
    const waiting = (buildId: string) => untilJob(buildId, 'deploy', (row) => row.status === 'LOOP_WAITING', `build ${buildId} to wait for the mutex`);
    const rowsLeft = async () => (await dataSource.getRepository(JobMutexHolderEntity).count()) + (await dataSource.getRepository(JobMutexWaiterEntity).count());

    beforeAll(async () => {
      pipelineId = await createYamlPipeline(gateway, developer, PROJECT, fixture('mutex.yml'));
    });

    it('lets one build’s job hold the mutex: the next waits in the queue, saying who holds it, one more is refused, and the waiter starts after the holder ended', async () => {
      const first = await startBuild(gateway, developer, PROJECT, pipelineId, { GATE: gate('first') });
      await holding(first);
      open('second');
      const second = await startBuild(gateway, developer, PROJECT, pipelineId, { GATE: gate('second') });
      await waiting(second);
      expect((await job(second, 'deploy')).statusReason).toBe(`waiting for mutex "deploy-prod" held by build #1 job deploy (1 of 1 in the queue)`);

      // The queue holds one: a third build's job fails at once, as BK-CI's mutex_cancel.
      const third = await startBuild(gateway, developer, PROJECT, pipelineId, { GATE: gate('second') });
      const refused = await untilFinished(dataSource, third);
      expect(refused.build.status).toBe('FAILED');
      expect(refused.jobs[1]).toMatchObject({ status: 'FAILED', statusReason: `mutex "deploy-prod" held by build #1 job deploy: queue full (1 of 1 waiting)` });
      expect((await stepOf(third, 'hold')).status).toBe('UNEXEC');
      expect((await job(second, 'deploy')).status).toBe('LOOP_WAITING');

      open('first');
      expect((await untilFinished(dataSource, first)).build.status).toBe('SUCCEED');
      expect((await untilFinished(dataSource, second)).build.status).toBe('SUCCEED');
      expect((await stepOf(second, 'hold')).startTime!.getTime()).toBeGreaterThanOrEqual((await stepOf(first, 'hold')).endTime!.getTime());
      expect(await logMessages(gateway, developer, PROJECT, pipelineId, second)).toContain('deployed by build 2');
      expect(await rowsLeft()).toBe(0);
    });

    it('hands the mutex on when the holding build is cancelled', async () => {
      const holder = await startBuild(gateway, developer, PROJECT, pipelineId, { GATE: gate('never') });
      await holding(holder);
      const next = await startBuild(gateway, developer, PROJECT, pipelineId, { GATE: gate('second') });
      await waiting(next);
      const stop = await request(gateway).delete(`/ms/process/api/user/builds/${PROJECT}/${pipelineId}/${holder}/`).set(developer);
      expect([stop.status, stop.body.message]).toEqual([200, null]);
      expect((await untilFinished(dataSource, holder)).build.status).toBe('CANCELED');
      expect((await untilFinished(dataSource, next)).build.status).toBe('SUCCEED');
      expect(await rowsLeft()).toBe(0);
    });

    it('fails a job that waited longer than the group’s timeout when the monitor sweeps', async () => {
      const holder = await startBuild(gateway, developer, PROJECT, pipelineId, { GATE: gate('later') });
      await holding(holder);
      const late = await startBuild(gateway, developer, PROJECT, pipelineId, { GATE: gate('second') });
      await waiting(late);
      await processApp.app.get(JobMutexControl).sweep(new Date(Date.now() + 11 * 60_000));
      const timedOut = await untilFinished(dataSource, late);
      expect(timedOut.build.status).toBe('FAILED');
      expect(timedOut.jobs[1]).toMatchObject({ status: 'FAILED', statusReason: 'mutex "deploy-prod": queue timeout, waited longer than 10 min' });
      open('later');
      expect((await untilFinished(dataSource, holder)).build.status).toBe('SUCCEED');
      expect(await rowsLeft()).toBe(0);
    });

    it('keeps the holder and the queue across a restart of process', async () => {
      const holder = await startBuild(gateway, developer, PROJECT, pipelineId, { GATE: gate('restart') });
      await holding(holder);
      const next = await startBuild(gateway, developer, PROJECT, pipelineId, { GATE: gate('second') });
      await waiting(next);
      processApp = await stack.env.restart(processApp);
      dataSource = processApp.app.get(DataSource);
      expect((await job(next, 'deploy')).status).toBe('LOOP_WAITING');
      open('restart');
      expect((await untilFinished(dataSource, holder)).build.status).toBe('SUCCEED');
      expect((await untilFinished(dataSource, next)).build.status).toBe('SUCCEED');
      expect((await stepOf(next, 'hold')).startTime!.getTime()).toBeGreaterThanOrEqual((await stepOf(holder, 'hold')).endTime!.getTime());
      expect(await rowsLeft()).toBe(0);
    });
  });
});
