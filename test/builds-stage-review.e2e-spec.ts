import request from 'supertest';
import { STAGE_STATUS_CHANGED } from '@bkci/contracts';
import { OutboxEventEntity } from '@bkci/messaging';
import { defaultModel, Model } from '@bkci/pipeline-model';
import { memberToken, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { buildStatus, processWithProjects } from './builds.fixtures';

const PROJECT = 'reviews';
const v4 = (call: string) => `/ms/openapi/api/apigw-user/v4/projects/${PROJECT}/${call}`;
const userReview = (pipelineId: string, buildId: string, stageId: string) =>
  `/ms/process/api/user/builds/projects/${PROJECT}/pipelines/${pipelineId}/builds/${buildId}/stages/${stageId}/manualStart`;

/**
 * A stage that waits for two reviews (the build's starter, then erin) before its agentless job runs; the
 * job has no steps, so once the stage starts the build ends by itself.
 */
function reviewedModel(name: string): Model {
  const model = defaultModel(name);
  model.stages.push({
    id: 'stage-2',
    name: 'deploy',
    checkIn: {
      manualTrigger: true,
      timeout: 1,
      reviewGroups: [
        { name: 'Starter', reviewers: ['${{ BK_CI_START_USER_NAME }}'] },
        { name: 'Ops', reviewers: ['erin'] },
      ],
      reviewParams: [{ key: 'TARGET', value: 'staging', valueType: 'STRING' }],
    },
    containers: [{ '@type': 'normal', id: '1', containerHashId: `c-${'1'.padStart(32, '0')}`, name: 'deploy job', elements: [] }],
  });
  return model;
}

/** The check-in review of a stage (BK-CI manualStartStage) through the gateway: the user route and v4 `manual_start_build_stage`. */
describe('stage check-in review through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let dataSource: DataSource;
  let dora: Record<string, string>;
  let erin: Record<string, string>;
  let viewer: Record<string, string>;
  let pipelineId: string;

  const record = async (buildId: string) => (await request(gateway).get(v4('build_detail')).query({ pipelineId, buildId }).set(viewer)).body.data;
  async function startAndWait(): Promise<string> {
    const started = await request(gateway).post(v4('build_start')).query({ pipelineId }).set(dora).send({});
    expect(started.status).toBe(200);
    const buildId = started.body.data.id as string;
    await waitFor(async () => (await record(buildId)).stageStatus[1].status === 'PAUSE', 10_000, 'stage-2 to wait for its review');
    return buildId;
  }

  beforeAll(async () => {
    ({ gateway, dataSource } = await processWithProjects(env, [PROJECT]));
    dora = await memberToken(gateway, PROJECT, 'dora', 'developer');
    erin = await memberToken(gateway, PROJECT, 'erin', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'vince', 'viewer');
    const created = await request(gateway).post(v4('pipelines/pipeline')).set(dora).send(reviewedModel('reviewed'));
    expect(created.status).toBe(201);
    pipelineId = created.body.data.id as string;
  });

  afterAll(() => env.close());

  it('takes the approvals of each group in turn, refusing others, then runs the stage with the reviewed params', async () => {
    const buildId = await startAndWait();
    expect(await buildStatus(dataSource, buildId)).toBe('STAGE_SUCCESS');
    const waiting = (await record(buildId)).model.stages[1].checkIn;
    expect(waiting.status).toBe('REVIEWING');
    expect(waiting.reviewGroups.map((g: { reviewers: string[] }) => g.reviewers)).toEqual([['dora'], ['erin']]);
    const [starter, ops] = waiting.reviewGroups as Array<{ id: string }>;

    const byViewer = await request(gateway).post(userReview(pipelineId, buildId, 'stage-2')).set(viewer).send({ id: starter.id, reviewParams: [] });
    expect([byViewer.status, byViewer.body.status]).toEqual([403, 2100006]);
    const byOtherReviewer = await request(gateway).post(userReview(pipelineId, buildId, 'stage-2')).set(erin).send({ id: starter.id, reviewParams: [] });
    expect([byOtherReviewer.status, byOtherReviewer.body.status]).toEqual([403, 2101008]);
    const notWaiting = await request(gateway).post(userReview(pipelineId, buildId, 'stage-2')).set(erin).send({ id: ops.id, reviewParams: [] });
    expect([notWaiting.status, notWaiting.body.status]).toEqual([403, 2101073]);
    const noStage = await request(gateway).post(userReview(pipelineId, buildId, 'stage-9')).set(dora).send({ reviewParams: [] });
    expect([noStage.status, noStage.body.status]).toEqual([404, 2101166]);

    // The console's body: the group id, the params form as it shows them, a suggestion.
    const first = await request(gateway)
      .post(userReview(pipelineId, buildId, 'stage-2'))
      .set(dora)
      .send({ id: starter.id, reviewParams: [{ key: 'TARGET', value: 'prod', valueType: 'STRING', required: false, chineseName: '' }], suggest: 'ship it' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ status: 0, message: null, data: true });
    const afterFirst = (await record(buildId)).model.stages[1].checkIn;
    expect(afterFirst.reviewGroups.map((g: { status: string | null; operator: string | null }) => [g.status, g.operator])).toEqual([
      ['PROCESS', 'dora'],
      [null, null],
    ]);

    const last = await request(gateway).post(v4('manual_start_build_stage')).query({ pipelineId, buildId, stageId: 'stage-2' }).set(erin).send({ id: ops.id, reviewParams: [] });
    expect([last.status, last.body.data]).toEqual([200, true]);
    await waitFor(async () => (await buildStatus(dataSource, buildId)) === 'SUCCEED', 10_000, 'the build to succeed');
    const done = await record(buildId);
    expect(done.model.stages[1].checkIn.status).toBe('REVIEW_PROCESSED');
    expect(done.stageStatus.map((s: { status: string }) => s.status)).toEqual(['SUCCEED', 'SKIP']);
    const variables = await request(gateway).post(v4('build_variables')).query({ pipelineId, buildId }).set(viewer).send(['TARGET']);
    expect(variables.body.data).toEqual({ TARGET: 'prod' });

    const events = (await dataSource.getRepository(OutboxEventEntity).find({ where: { type: STAGE_STATUS_CHANGED }, order: { id: 'ASC' } }))
      .map((row) => JSON.parse(row.body).payload)
      .filter((payload) => payload.buildId === buildId);
    expect(events.map((e) => [e.stageId, e.phase, e.status])).toEqual([
      ['stage-2', 'REVIEW_WAITING', 'REVIEWING'],
      ['stage-2', 'REVIEW_WAITING', 'REVIEWING'],
      ['stage-2', 'STARTED', 'RUNNING'],
      ['stage-2', 'FINISHED', 'SKIP'],
    ]);
  });

  it('ends the build STAGE_SUCCESS when the review is rejected (cancel=true)', async () => {
    const buildId = await startAndWait();
    const rejected = await request(gateway).post(v4('manual_start_build_stage')).query({ pipelineId, buildId, stageId: 'stage-2', cancel: 'true' }).set(dora).send({ reviewParams: [], suggest: 'no' });
    expect([rejected.status, rejected.body.data]).toEqual([200, true]);
    await waitFor(async () => (await record(buildId)).endTime !== null, 10_000, 'the build to end');
    const ended = await record(buildId);
    expect(ended.status).toBe('STAGE_SUCCESS');
    expect(ended.stageStatus.map((s: { status: string }) => s.status)).toEqual(['SUCCEED', 'STAGE_SUCCESS']);
    expect(ended.model.stages[1].checkIn.status).toBe('REVIEW_ABORT');
    expect(ended.model.stages[1].checkIn.reviewGroups[0]).toMatchObject({ status: 'ABORT', operator: 'dora', suggest: 'no' });
    const again = await request(gateway).post(userReview(pipelineId, buildId, 'stage-2')).query({ cancel: 'true' }).set(dora).send({ reviewParams: [] });
    expect([again.status, again.body.status]).toEqual([409, 2101167]);
  });
});
