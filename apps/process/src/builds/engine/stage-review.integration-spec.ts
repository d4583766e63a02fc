import { INestApplication } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { BUILD_STATUS_CHANGED, STAGE_STATUS_CHANGED } from '@bkci/contracts';
import { OutboxEventEntity } from '@bkci/messaging';
import { defaultModel, Model, Stage, StagePauseCheck } from '@bkci/pipeline-model';
import { TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { PipelineService } from '../../pipelines/pipeline.service';
import { processApp } from '../../process.app';
import { ProjectGroupService } from '../../projects/project-group.service';
import { ProjectService } from '../../projects/project.service';
import { BuildCancelService } from '../build-cancel.service';
import { BuildStartService } from '../build-start.service';
import { BuildRepository } from '../build.repository';
import { StageReviewControl } from './stage-review.control';
import { BuildMonitor } from './build-monitor';

const caller = (userId: string): Caller => ({ userId, issuer: 'openapi', appCode: null, admin: false });
const ALICE = caller('alice');
const BOB = caller('bob');
const PROJECT = 'review';
const HOUR = 60 * 60 * 1000;

/** A stage of one agentless job without steps: once it starts, it ends by itself (SKIP). */
function stage(n: number, extra: Partial<Stage> = {}): Stage {
  return {
    id: `stage-${n + 1}`,
    name: `stage ${n}`,
    containers: [{ '@type': 'normal', id: String(n), containerHashId: `c-${String(n).padStart(32, '0')}`, name: `job ${n}`, elements: [] }],
    ...extra,
  };
}

/** Two groups: the starter (a variable), then bob; a param the reviewers may change. */
function checkIn(extra: Partial<StagePauseCheck> = {}): StagePauseCheck {
  return {
    manualTrigger: true,
    reviewDesc: 'deploy ${{ variables.BK_CI_BUILD_NUM }}?',
    reviewGroups: [
      { name: 'Starter', reviewers: ['${{ BK_CI_START_USER_NAME }}'] },
      { name: 'Ops', reviewers: ['bob'] },
    ],
    reviewParams: [{ key: 'TARGET', value: 'staging', valueType: 'STRING' }],
    ...extra,
  };
}

function modelOf(name: string, stages: Stage[]): Model {
  const model = defaultModel(name);
  model.stages.push(...stages);
  return model;
}

describe('stage check-in review', () => {
  const env = new TestEnvironment();
  let builds: BuildRepository;
  let reviews: StageReviewControl;
  let dataSource: DataSource;
  let pipelines: PipelineService;
  let starts: BuildStartService;
  let cancels: BuildCancelService;
  let groups: ProjectGroupService;
  let app: INestApplication;

  const stageStatuses = async (buildId: string) => (await builds.stages(buildId)).map((s) => s.status).join();
  const untilStages = (buildId: string, statuses: string) => waitFor(async () => (await stageStatuses(buildId)) === statuses, 5000, `stages to be ${statuses}`);
  const untilBuild = (buildId: string, status: string) => waitFor(async () => (await builds.buildById(buildId))!.status === status, 5000, `build to be ${status}`);
  async function run(model: Model): Promise<{ pipelineId: string; buildId: string }> {
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model });
    const { id } = await starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} });
    return { pipelineId, buildId: id };
  }
  /** The status events of the build, in the order they were written. */
  async function statusEvents(buildId: string, type: string): Promise<Array<Record<string, unknown>>> {
    const rows = await dataSource.getRepository(OutboxEventEntity).find({ where: { type }, order: { id: 'ASC' } });
    return rows.map((row) => JSON.parse(row.body).payload as Record<string, unknown>).filter((payload) => payload.buildId === buildId);
  }

  beforeAll(async () => {
    ({ app } = await env.start(processApp));
    builds = app.get(BuildRepository);
    reviews = app.get(StageReviewControl);
    dataSource = app.get(DataSource);
    pipelines = app.get(PipelineService);
    starts = app.get(BuildStartService);
    cancels = app.get(BuildCancelService);
    groups = app.get(ProjectGroupService);
    await app.get(ProjectService).create(ALICE, { projectName: 'Review', englishName: PROJECT });
  });

  afterAll(() => env.close());

  it('waits for each group in turn; the last approval starts the stage with the reviewed params as variables', async () => {
    const { pipelineId, buildId } = await run(modelOf('approved', [stage(1, { checkIn: checkIn() }), stage(2)]));
    await untilStages(buildId, 'SUCCEED,PAUSE,QUEUE');
    const paused = (await builds.stage(buildId, 'stage-2'))!;
    expect((await builds.buildById(buildId))!.status).toBe('STAGE_SUCCESS');
    expect(paused.startTime).not.toBeNull();
    expect(paused.checkIn).toMatchObject({ status: 'REVIEWING', reviewDesc: 'deploy 1?' });
    const [starter, ops] = paused.checkIn!.reviewGroups!;
    expect(starter.reviewers).toEqual(['alice']);
    expect(ops.reviewers).toEqual(['bob']);

    // Bob is not the starter group's reviewer, and the Ops group is not the one waiting.
    await expect(reviews.review(BOB, PROJECT, pipelineId, buildId, 'stage-2', {}, false)).rejects.toMatchObject({ code: 2101008, httpStatus: 403 });
    await expect(reviews.review(BOB, PROJECT, pipelineId, buildId, 'stage-2', { id: ops.id! }, false)).rejects.toMatchObject({ code: 2101073, httpStatus: 403 });

    await reviews.review(ALICE, PROJECT, pipelineId, buildId, 'stage-2', { id: starter.id!, reviewParams: [{ key: 'TARGET', value: 'prod' }], suggest: 'fine' }, false);
    const afterFirst = (await builds.stage(buildId, 'stage-2'))!;
    expect(afterFirst.status).toBe('PAUSE');
    expect(afterFirst.checkIn!.reviewGroups!.map((g) => [g.status ?? null, g.operator ?? null])).toEqual([
      ['PROCESS', 'alice'],
      [null, null],
    ]);
    await expect(reviews.review(ALICE, PROJECT, pipelineId, buildId, 'stage-2', { id: ops.id! }, false)).rejects.toMatchObject({ code: 2101008 });

    await reviews.review(BOB, PROJECT, pipelineId, buildId, 'stage-2', { id: ops.id! }, false);
    await untilBuild(buildId, 'SUCCEED');
    expect(await stageStatuses(buildId)).toBe('SUCCEED,SKIP,SKIP');
    expect((await builds.stage(buildId, 'stage-2'))!.checkIn!.status).toBe('REVIEW_PROCESSED');
    const variables = Object.fromEntries((await builds.vars(buildId)).map((v) => [v.key, v.value]));
    expect(variables).toMatchObject({ TARGET: 'prod', 'stages.stage_1.check-in.flow.0.operator': 'alice', 'stages.stage_1.check-in.flow.0.result': 'fine', 'stages.stage_1.check-in.flow.1.operator': 'bob' });
    await expect(reviews.review(BOB, PROJECT, pipelineId, buildId, 'stage-2', {}, false)).rejects.toMatchObject({ code: 2101167, httpStatus: 409 });

    const stageEvents = (await statusEvents(buildId, STAGE_STATUS_CHANGED)).map((e) => [e.stageId, e.phase, e.status]);
    expect(stageEvents).toEqual([
      ['stage-2', 'REVIEW_WAITING', 'REVIEWING'],
      ['stage-2', 'REVIEW_WAITING', 'REVIEWING'],
      ['stage-2', 'STARTED', 'RUNNING'],
      ['stage-2', 'FINISHED', 'SKIP'],
      ['stage-3', 'STARTED', 'RUNNING'],
      ['stage-3', 'FINISHED', 'SKIP'],
    ]);
    const buildEvents = await statusEvents(buildId, BUILD_STATUS_CHANGED);
    expect(buildEvents.map((e) => [e.phase, e.status])).toEqual([
      ['STARTED', 'RUNNING'],
      ['FINISHED', 'SUCCEED'],
    ]);
    expect(buildEvents[1]).toMatchObject({ projectId: PROJECT, pipelineId, buildNum: 1, startUser: 'alice', executeCount: 1 });
  });

  it('ends the stage and the build STAGE_SUCCESS when a reviewer rejects, running the finally stage only', async () => {
    const { pipelineId, buildId } = await run(modelOf('rejected', [stage(1, { checkIn: checkIn() }), stage(2), stage(3, { finally: true })]));
    await untilStages(buildId, 'SUCCEED,PAUSE,QUEUE,QUEUE');
    await reviews.review(ALICE, PROJECT, pipelineId, buildId, 'stage-2', { suggest: 'not today' }, true);
    await untilBuild(buildId, 'STAGE_SUCCESS');
    await waitFor(async () => (await builds.buildById(buildId))!.endTime !== null, 5000, 'the build to end');
    expect(await stageStatuses(buildId)).toBe('SUCCEED,STAGE_SUCCESS,QUEUE,SKIP');
    const rejected = (await builds.stage(buildId, 'stage-2'))!.checkIn!;
    expect(rejected.status).toBe('REVIEW_ABORT');
    expect(rejected.reviewGroups!.map((g) => [g.status ?? null, g.operator ?? null, g.suggest ?? null])).toEqual([
      ['ABORT', 'alice', 'not today'],
      [null, null, null],
    ]);
    expect((await builds.vars(buildId)).some((v) => v.key === 'TARGET')).toBe(false);
    // An ended STAGE_SUCCESS build cannot be stopped.
    await expect(cancels.cancel(ALICE, PROJECT, pipelineId, buildId)).rejects.toMatchObject({ code: 2101182 });
    expect((await statusEvents(buildId, STAGE_STATUS_CHANGED)).map((e) => [e.stageId, e.phase, e.status])).toEqual([
      ['stage-2', 'REVIEW_WAITING', 'REVIEWING'],
      ['stage-2', 'FINISHED', 'STAGE_SUCCESS'],
      ['stage-4', 'STARTED', 'RUNNING'],
      ['stage-4', 'FINISHED', 'SKIP'],
    ]);
    expect((await statusEvents(buildId, BUILD_STATUS_CHANGED)).map((e) => [e.phase, e.status])).toEqual([
      ['STARTED', 'RUNNING'],
      ['FINISHED', 'STAGE_SUCCESS'],
    ]);
  });

  it('rejects a review once it has waited past its timeout, as the system', async () => {
    const { buildId } = await run(modelOf('timeout', [stage(1, { checkIn: checkIn({ timeout: 2 }) })]));
    await untilStages(buildId, 'SUCCEED,PAUSE');
    const pausedAt = (await builds.stage(buildId, 'stage-2'))!.startTime!.getTime();
    expect(await reviews.expireStageReviews(new Date(pausedAt + 2 * HOUR - 1000))).toBe(0);
    expect((await builds.stage(buildId, 'stage-2'))!.status).toBe('PAUSE');
    expect(await reviews.expireStageReviews(new Date(pausedAt + 2 * HOUR))).toBe(1);
    await untilBuild(buildId, 'STAGE_SUCCESS');
    await waitFor(async () => (await builds.buildById(buildId))!.endTime !== null, 5000, 'the build to end');
    const timedOut = (await builds.stage(buildId, 'stage-2'))!.checkIn!;
    expect(timedOut.status).toBe('REVIEW_ABORT');
    expect(timedOut.reviewGroups![0]).toMatchObject({ status: 'ABORT', operator: 'SYSTEM', suggest: 'TIMEOUT' });
  });

  it('has its monitor reject, under its lock, a review that waited too long', async () => {
    const { buildId } = await run(modelOf('monitored', [stage(1, { checkIn: checkIn({ timeout: 1 }) })]));
    await untilStages(buildId, 'SUCCEED,PAUSE');
    await app.get(BuildMonitor).sweepOnce();
    expect((await builds.stage(buildId, 'stage-2'))!.status).toBe('PAUSE');
    // As if it had begun to wait an hour ago.
    expect(await builds.swapStageStatus(buildId, 'stage-2', 'PAUSE', 'PAUSE', { startTime: new Date(Date.now() - HOUR) })).toBe(true);
    await app.get(BuildMonitor).sweepOnce();
    await waitFor(async () => (await builds.buildById(buildId))!.endTime !== null, 5000, 'the build to end');
    expect((await builds.stage(buildId, 'stage-2'))!.checkIn!.reviewGroups![0]).toMatchObject({ status: 'ABORT', operator: 'SYSTEM', suggest: 'TIMEOUT' });
  });

  it('rejects at once a review whose group has nobody to review it', async () => {
    const { buildId } = await run(modelOf('nobody', [stage(1, { checkIn: checkIn({ reviewGroups: [{ name: 'Empty', reviewers: [] }] }) })]));
    await untilBuild(buildId, 'STAGE_SUCCESS');
    await waitFor(async () => (await builds.buildById(buildId))!.endTime !== null, 5000, 'the build to end');
    expect((await builds.stage(buildId, 'stage-2'))!.checkIn!.reviewGroups![0]).toMatchObject({ status: 'ABORT', operator: 'SYSTEM' });
  });

  it('takes the members of the project groups a review group names as its reviewers', async () => {
    await groups.addMembers(PROJECT, 'developer', { userIds: ['dan'] });
    const { pipelineId, buildId } = await run(modelOf('by-group', [stage(1, { checkIn: checkIn({ reviewGroups: [{ name: 'Devs', reviewers: ['erin'], groups: ['developer'] }] }) })]));
    await untilStages(buildId, 'SUCCEED,PAUSE');
    expect((await builds.stage(buildId, 'stage-2'))!.checkIn!.reviewGroups![0].reviewers).toEqual(['erin', 'dan']);
    await reviews.review(caller('dan'), PROJECT, pipelineId, buildId, 'stage-2', {}, false);
    await untilBuild(buildId, 'SUCCEED');
  });

  it('cancels a build waiting for a review: the waiting stage ends CANCELED', async () => {
    const { pipelineId, buildId } = await run(modelOf('cancelled', [stage(1, { checkIn: checkIn() })]));
    await untilStages(buildId, 'SUCCEED,PAUSE');
    await cancels.cancel(ALICE, PROJECT, pipelineId, buildId);
    await untilBuild(buildId, 'CANCELED');
    expect(await stageStatuses(buildId)).toBe('SUCCEED,CANCELED');
    expect((await statusEvents(buildId, STAGE_STATUS_CHANGED)).map((e) => [e.phase, e.status])).toEqual([
      ['REVIEW_WAITING', 'REVIEWING'],
      ['FINISHED', 'CANCELED'],
    ]);
    expect((await statusEvents(buildId, BUILD_STATUS_CHANGED)).map((e) => [e.phase, e.status])).toEqual([
      ['STARTED', 'RUNNING'],
      ['FINISHED', 'CANCELED'],
    ]);
  });
});
