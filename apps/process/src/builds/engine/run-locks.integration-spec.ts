import { Caller } from '@bkci/auth';
import { LockService } from '@bkci/locking';
import { defaultModel, Model, PipelineSetting } from '@bkci/pipeline-model';
import { buildModel, TestEnvironment, waitFor } from '@bkci/testing';
import { defaultSetting } from '../../pipelines/pipeline-resource';
import { PipelineService } from '../../pipelines/pipeline.service';
import { processApp } from '../../process.app';
import { ProjectService } from '../../projects/project.service';
import { BuildCancelService } from '../build-cancel.service';
import { BuildQueryService } from '../build-query.service';
import { BuildStartService } from '../build-start.service';
import { BuildRepository } from '../build.repository';
import { PipelineTimerRepository } from '../timers/pipeline-timer.repository';
import { PipelineTimerScheduler } from '../timers/pipeline-timer.scheduler';
import { BuildQueueMonitor } from './build-queue-monitor';

const ALICE: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false };
const BOB: Caller = { userId: 'bob', issuer: 'openapi', appCode: null, admin: false };
const PROJECT = 'runlocks';

/** A trigger with a manual start and a timer (BK-CI's console form: basic rule, plus start values). */
function timerModel(name: string): Model {
  const model = buildModel(name);
  model.stages[0].containers[0].params = [{ id: 'env', required: true, type: 'STRING', defaultValue: 'dev' }];
  model.stages[0].containers[0].elements.push({ '@type': 'timerTrigger', id: 'T-1-1-2', name: 'timer', newExpression: ['0 0 2 ? * *'], startParams: '[{"key":"env","value":"nightly"}]' });
  return model;
}

describe('run locks: SINGLE and GROUP_LOCK queues, queue timeout, timers', () => {
  const env = new TestEnvironment();
  let builds: BuildRepository;
  let starts: BuildStartService;
  let pipelines: PipelineService;
  let cancels: BuildCancelService;
  let queries: BuildQueryService;
  let app: Awaited<ReturnType<TestEnvironment['start']>>['app'];

  const statusOf = async (buildId: string) => (await builds.buildById(buildId))!.status;
  const untilStatus = (buildId: string, status: string) => waitFor(async () => (await statusOf(buildId)) === status, 5000, `build ${buildId} to be ${status}`);
  /** Lets the engine handle what is on the bus, then checks a build did not move. */
  const staysQueued = async (buildId: string) => {
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await statusOf(buildId)).toBe('QUEUE');
  };
  const pipelineWith = async (name: string, setting: Partial<PipelineSetting>, model: Model = buildModel(name)) =>
    (await pipelines.create(ALICE, PROJECT, { model, setting: { ...defaultSetting(name, ''), ...setting } })).pipelineId;
  const start = async (pipelineId: string, caller = ALICE) => (await starts.manualStart(caller, PROJECT, pipelineId, { values: {} })).id;

  beforeAll(async () => {
    ({ app } = await env.start(processApp));
    builds = app.get(BuildRepository);
    starts = app.get(BuildStartService);
    pipelines = app.get(PipelineService);
    cancels = app.get(BuildCancelService);
    queries = app.get(BuildQueryService);
    await app.get(ProjectService).create(ALICE, { projectName: 'Run locks', englishName: PROJECT });
  });

  afterAll(() => env.close());

  it('SINGLE runs one build at a time in queue order, each waiting one saying why, the next starting when one ends', async () => {
    const pipelineId = await pipelineWith('single', { runLockType: 'SINGLE' });
    const first = await start(pipelineId);
    await untilStatus(first, 'RUNNING');
    const second = await start(pipelineId);
    const third = await start(pipelineId);
    await staysQueued(second);
    await staysQueued(third);
    const record = await queries.record(PROJECT, pipelineId, second);
    expect(record.stageStatus[0].showMsg).toBe('Queued: the current build is in the lineup');

    await cancels.cancel(ALICE, PROJECT, pipelineId, first);
    await untilStatus(second, 'RUNNING');
    await staysQueued(third);
    expect((await queries.record(PROJECT, pipelineId, second)).stageStatus[0].showMsg).toBeNull();
    await cancels.cancel(ALICE, PROJECT, pipelineId, second);
    await untilStatus(third, 'RUNNING');
    await cancels.cancel(ALICE, PROJECT, pipelineId, third);
  });

  it('SINGLE_LOCK hands on when a build finishes by itself', async () => {
    const pipelineId = await pipelineWith('single-lock', { runLockType: 'SINGLE_LOCK' }, defaultModel('single-lock'));
    const ids = [await start(pipelineId), await start(pipelineId), await start(pipelineId)];
    for (const id of ids) await untilStatus(id, 'SUCCEED');
    const runs = await Promise.all(ids.map(async (id) => (await builds.buildById(id))!));
    // One at a time: each started no earlier than the one before it ended.
    for (let i = 1; i < runs.length; i++) expect(runs[i].startTime!.getTime()).toBeGreaterThanOrEqual(runs[i - 1].endTime!.getTime());
  });

  it('refuses a start when the queue size is 0 and a build runs (2101049), with a full queue cancels its oldest build, and refuses LOCK (2101047)', async () => {
    const closed = await pipelineWith('queue-zero', { runLockType: 'SINGLE', maxQueueSize: 0 });
    const running = await start(closed);
    await untilStatus(running, 'RUNNING');
    await expect(start(closed)).rejects.toMatchObject({ code: 2101049, httpStatus: 400, message: 'Pipeline start failed: [Pipeline: pipeline queue is full]' });
    await cancels.cancel(ALICE, PROJECT, closed, running);

    const small = await pipelineWith('queue-one', { runLockType: 'SINGLE', maxQueueSize: 1 });
    const first = await start(small);
    await untilStatus(first, 'RUNNING');
    const second = await start(small);
    await staysQueued(second);
    const third = await start(small);
    await untilStatus(second, 'CANCELED');
    await staysQueued(third);
    expect(await builds.queuedCount(PROJECT, small)).toBe(1);
    await cancels.cancel(ALICE, PROJECT, small, first);
    await untilStatus(third, 'RUNNING');
    await cancels.cancel(ALICE, PROJECT, small, third);

    const locked = await pipelineWith('locked', { runLockType: 'LOCK' });
    await expect(start(locked)).rejects.toMatchObject({ code: 2101047, httpStatus: 400 });
    expect(await builds.latestBuild(PROJECT, locked, false)).toBeNull();
  });

  it('GROUP_LOCK runs one build of a group across pipelines, the group resolved from the build’s variables', async () => {
    const setting = { runLockType: 'GROUP_LOCK' as const, concurrencyGroup: 'deploy-${{ ci.project_id }}-${env}' };
    const model = (name: string) => {
      const m = buildModel(name);
      m.stages[0].containers[0].params = [{ id: 'env', required: true, type: 'STRING', defaultValue: 'prod' }];
      return m;
    };
    const a = await pipelineWith('group-a', setting, model('group-a'));
    const b = await pipelineWith('group-b', setting, model('group-b'));
    const first = await start(a);
    await untilStatus(first, 'RUNNING');
    expect((await builds.buildById(first))!.concurrencyGroup).toBe(`deploy-${PROJECT}-prod`);
    const second = await start(b);
    const third = await start(a);
    await staysQueued(second);
    await staysQueued(third);
    expect((await queries.record(PROJECT, b, second)).stageStatus[0].showMsg).toBe(`Queued: The current build is queued for concurrent group (deploy-${PROJECT}-prod)`);
    // Another value of the param is another group: it runs at once.
    const other = (await starts.manualStart(ALICE, PROJECT, a, { values: { env: 'test' } })).id;
    await untilStatus(other, 'RUNNING');

    await cancels.cancel(ALICE, PROJECT, a, first);
    await untilStatus(second, 'RUNNING');
    await staysQueued(third);
    await cancels.cancel(ALICE, PROJECT, b, second);
    await untilStatus(third, 'RUNNING');
    await Promise.all([cancels.cancel(ALICE, PROJECT, a, third), cancels.cancel(ALICE, PROJECT, a, other)]);
  });

  it('GROUP_LOCK with cancel-in-progress cancels the group’s running and queued builds and runs the new one', async () => {
    const setting = { runLockType: 'GROUP_LOCK' as const, concurrencyGroup: 'release', concurrencyCancelInProgress: true };
    const a = await pipelineWith('cancel-a', setting);
    const b = await pipelineWith('cancel-b', setting);
    const first = await start(a);
    await untilStatus(first, 'RUNNING');
    const second = await start(b, BOB);
    await untilStatus(first, 'CANCELED');
    await untilStatus(second, 'RUNNING');
    const third = await start(a);
    await untilStatus(second, 'CANCELED');
    await untilStatus(third, 'RUNNING');
    await cancels.cancel(ALICE, PROJECT, a, third);
  });

  it('ends a build queued past waitQueueTimeMinute QUEUE_TIMEOUT and hands its turn on', async () => {
    const pipelineId = await pipelineWith('queue-timeout', { runLockType: 'SINGLE', waitQueueTimeMinute: 1 });
    const first = await start(pipelineId);
    await untilStatus(first, 'RUNNING');
    const second = await start(pipelineId);
    await staysQueued(second);
    const monitor = app.get(BuildQueueMonitor);
    expect(await monitor.expireQueuedBuilds(new Date())).not.toContain(second);
    expect(await monitor.expireQueuedBuilds(new Date(Date.now() + 61_000))).toContain(second);
    const ended = (await builds.buildById(second))!;
    expect([ended.status, ended.errorType, ended.errorCode]).toEqual(['QUEUE_TIMEOUT', 'USER', 2199005]);
    expect(new Set((await builds.stages(second)).map((s) => s.status))).toEqual(new Set(['QUEUE_TIMEOUT']));
    expect(await statusOf(first)).toBe('RUNNING');
    await cancels.cancel(ALICE, PROJECT, pipelineId, first);
  });

  it('registers a released timer, fires it once with two schedulers racing, and drops it with the release or the pipeline', async () => {
    const timers = app.get(PipelineTimerRepository);
    const pipelineId = (await pipelines.create(BOB, PROJECT, { model: timerModel('timer') })).pipelineId;
    const [timer] = await timers.forPipeline(pipelineId);
    expect(timer).toMatchObject({ taskId: 'T-1-1-2', startUser: 'bob', crontabExpressions: ['0 0 2 ? * *'], startParams: { env: 'nightly' } });
    const fireTime = timer.nextFireTime!;
    expect([fireTime.getHours(), fireTime.getMinutes(), fireTime.getSeconds()]).toEqual([2, 0, 0]);

    const other = new PipelineTimerScheduler(timers, starts, app.get(LockService));
    const fired = await Promise.all([app.get(PipelineTimerScheduler).fireDue(fireTime), other.fireDue(fireTime), other.fireDue(fireTime)]);
    const started = fired.flat();
    expect(started).toHaveLength(1);
    const build = (await builds.buildById(started[0]))!;
    expect([build.startType, build.startUser, build.firstTaskId, build.buildMsg]).toEqual(['TIME_TRIGGER', 'bob', 'T-1-1-2', 'Timing trigger']);
    expect((await builds.vars(build.buildId)).find((v) => v.key === 'env')?.value).toBe('nightly');
    const [moved] = await timers.forPipeline(pipelineId);
    expect(moved.nextFireTime!.getTime() - fireTime.getTime()).toBe(24 * 3_600_000);
    await cancels.cancel(ALICE, PROJECT, pipelineId, build.buildId);

    await pipelines.saveVersion(ALICE, PROJECT, pipelineId, { model: buildModel('timer') });
    expect(await timers.forPipeline(pipelineId)).toHaveLength(0);
    await pipelines.saveVersion(ALICE, PROJECT, pipelineId, { model: timerModel('timer') });
    expect((await timers.forPipeline(pipelineId)).map((t) => t.startUser)).toEqual(['alice']);
    await pipelines.delete(ALICE, PROJECT, pipelineId);
    expect(await timers.forPipeline(pipelineId)).toHaveLength(0);
  });
});
