import request from 'supertest';
import { STEP_STATUS_CHANGED } from '@bkci/contracts';
import { OutboxEventEntity } from '@bkci/messaging';
import { BuildFormProperty, defaultModel, Element, Model, TriggerContainer } from '@bkci/pipeline-model';
import { memberToken, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { BuildHistoryEntity } from '../apps/process/src/builds/entities/build-history.entity';
import { BuildTaskEntity } from '../apps/process/src/builds/entities/build-task.entity';
import { BuildVarEntity } from '../apps/process/src/builds/entities/build-var.entity';
import { ADMIN, buildStatus, processWithProjects } from './builds.fixtures';

const PROJECT = 'atoms';
const v4 = (call: string) => `/ms/openapi/api/apigw-user/v4/projects/${PROJECT}/${call}`;
const userBuilds = (...parts: string[]) => `/ms/process/api/user/builds/${PROJECT}/${parts.join('/')}`;

let jobSeq = 0;
/** A pipeline whose stages after the trigger each hold one agentless job with the given steps. */
function agentlessModel(name: string, stages: Element[][], params: BuildFormProperty[] = []): Model {
  const model = defaultModel(name);
  (model.stages[0].containers[0] as TriggerContainer).params = params;
  stages.forEach((elements, index) => {
    const seq = ++jobSeq;
    model.stages.push({
      id: `stage-${index + 2}`,
      name: `stage ${index + 2}`,
      containers: [{ '@type': 'normal', id: String(index + 1), containerHashId: `c-${String(seq).padStart(32, '0')}`, name: `job ${index + 2}`, elements }],
    });
  });
  return model;
}

const review = (reviewUsers: string[], extra: Partial<Element> = {}): Element => ({ '@type': 'manualReviewUserTask', name: 'approve', reviewUsers, params: [], ...extra });
const call = (subPipelineId: string, asynchronous: boolean, parameters: Record<string, string> = {}): Element => ({
  '@type': 'subPipelineCall',
  name: `call ${subPipelineId}`,
  subPipelineId,
  asynchronous,
  parameters,
});

/** The two engine steps of agentless jobs (BK-CI ManualReviewTaskAtom, SubPipelineCallAtom) through the gateway. */
describe('manual review and sub-pipeline steps', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let dataSource: DataSource;
  let dora: Record<string, string>;
  let erin: Record<string, string>;
  let viewer: Record<string, string>;
  let leafId: string;
  let gateId: string;
  let reviewedId: string;

  const create = async (model: Model): Promise<string> => {
    const created = await request(gateway).post(v4('pipelines/pipeline')).set(dora).send(model);
    expect([created.status, created.body.message]).toEqual([201, null]);
    return created.body.data.id as string;
  };
  const start = async (pipelineId: string, values: Record<string, string> = {}): Promise<string> => {
    const started = await request(gateway).post(v4('build_start')).query({ pipelineId }).set(dora).send(values);
    expect([started.status, started.body.message]).toEqual([200, null]);
    return started.body.data.id as string;
  };
  const step = (buildId: string, taskType: string) => dataSource.getRepository(BuildTaskEntity).findOneByOrFail({ buildId, taskType });
  const history = (buildId: string) => dataSource.getRepository(BuildHistoryEntity).findOneByOrFail({ buildId });
  const untilStep = (buildId: string, taskType: string, status: string) =>
    waitFor(async () => (await step(buildId, taskType)).status === status, 10_000, `the ${taskType} step of ${buildId} to be ${status}`);
  const untilBuild = (buildId: string, status: string) => waitFor(async () => (await buildStatus(dataSource, buildId)) === status, 15_000, `build ${buildId} to be ${status}`);
  const variables = async (buildId: string) => Object.fromEntries((await dataSource.getRepository(BuildVarEntity).findBy({ buildId })).map((v) => [v.key, v.value]));
  const children = (parentBuildId: string) => dataSource.getRepository(BuildHistoryEntity).findBy({ parentBuildId });
  const reviewUrl = (pipelineId: string, buildId: string, elementId: string) => userBuilds(pipelineId, buildId, elementId, 'review');

  beforeAll(async () => {
    ({ gateway, dataSource } = await processWithProjects(env, [PROJECT]));
    dora = await memberToken(gateway, PROJECT, 'dora', 'developer');
    erin = await memberToken(gateway, PROJECT, 'erin', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'vince', 'viewer');
    // A child that ends by itself (its job has nothing to run), taking one param.
    leafId = await create(agentlessModel('leaf', [[]], [{ id: 'GREETING', required: true, type: 'STRING', defaultValue: 'none' }]));
    // A child that waits for erin's review.
    gateId = await create(agentlessModel('gate', [[review(['erin'])]]));
    // A review by whoever APPROVER names, whose TARGET param then goes on to a child build.
    reviewedId = await create(
      agentlessModel(
        'reviewed',
        [[review(['${APPROVER}'], { desc: 'ship to ${APPROVER}?', params: [{ key: 'TARGET', value: 'staging', valueType: 'STRING' }] })], [call(leafId, true, { GREETING: 'to ${TARGET}', EXTRA: '${APPROVER}' })]],
        [{ id: 'APPROVER', required: true, type: 'STRING', defaultValue: 'erin' }],
      ),
    );
  });

  afterAll(() => env.close());

  it('waits for a reviewer, refuses others, then takes the approval, its params as variables, and runs the next job', async () => {
    const buildId = await start(reviewedId);
    await untilStep(buildId, 'manualReviewUserTask', 'REVIEWING');
    const waiting = await step(buildId, 'manualReviewUserTask');
    expect(waiting.statusReason).toBe('waiting for the review of erin');
    const detail = (await request(gateway).get(v4('build_detail')).query({ pipelineId: reviewedId, buildId }).set(viewer)).body.data;
    expect(detail.model.stages[1].containers[0].elements[0]).toMatchObject({ id: waiting.taskId, status: 'REVIEWING', actualReviewUsers: ['erin'] });

    const form = await request(gateway).get(userBuilds(reviewedId, buildId, waiting.taskId, 'toReview')).set(erin);
    expect([form.status, form.body.data]).toEqual([
      200,
      { projectId: PROJECT, pipelineId: reviewedId, buildId, reviewUsers: ['erin'], status: null, desc: 'ship to erin?', suggest: '', params: [{ key: 'TARGET', value: 'staging', valueType: 'STRING' }], suggestRequired: false },
    ]);

    const byViewer = await request(gateway).post(reviewUrl(reviewedId, buildId, waiting.taskId)).set(viewer).send({ status: 'PROCESS' });
    expect([byViewer.status, byViewer.body.status]).toEqual([403, 2100006]);
    const byStarter = await request(gateway).post(reviewUrl(reviewedId, buildId, waiting.taskId)).set(dora).send({ status: 'PROCESS' });
    expect([byStarter.status, byStarter.body.status]).toEqual([403, 2101018]);
    const noStatus = await request(gateway).post(reviewUrl(reviewedId, buildId, waiting.taskId)).set(erin).send({ suggest: 'ok' });
    expect([noStatus.status, noStatus.body.status]).toEqual([400, 2100004]);
    const notAReview = await request(gateway).post(reviewUrl(reviewedId, buildId, 'e-nothing')).set(erin).send({ status: 'PROCESS' });
    expect([notAReview.status, notAReview.body.status]).toEqual([409, 2101279]);

    // The console's body: BK-CI's ReviewParam with the ids and reviewers echoed back.
    const approved = await request(gateway)
      .post(reviewUrl(reviewedId, buildId, waiting.taskId))
      .set(erin)
      .send({ projectId: PROJECT, pipelineId: reviewedId, buildId, reviewUsers: ['erin'], status: 'PROCESS', suggest: 'go', desc: '', params: [{ key: 'TARGET', value: 'prod', valueType: 'STRING', required: false }] });
    expect([approved.status, approved.body]).toEqual([200, { status: 0, message: null, data: true }]);
    await untilBuild(buildId, 'SUCCEED');
    const done = await step(buildId, 'manualReviewUserTask');
    expect([done.status, done.approver, done.statusReason]).toEqual(['SUCCEED', 'erin', 'approved by erin: go']);
    expect(await variables(buildId)).toMatchObject({ TARGET: 'prod', MANUAL_REVIEW_RESULT: 'PROCESS', MANUAL_REVIEWER: 'erin', MANUAL_REVIEW_SUGGEST: 'go' });
    const again = await request(gateway).post(reviewUrl(reviewedId, buildId, waiting.taskId)).set(erin).send({ status: 'PROCESS' });
    expect([again.status, again.body.status]).toEqual([409, 2101279]);

    const events = (await dataSource.getRepository(OutboxEventEntity).find({ where: { type: STEP_STATUS_CHANGED }, order: { id: 'ASC' } }))
      .map((row) => JSON.parse(row.body).payload)
      .filter((payload) => payload.buildId === buildId && payload.taskId === waiting.taskId);
    expect(events.map((e) => [e.phase, e.status])).toEqual([
      ['STARTED', 'RUNNING'],
      ['REVIEW_WAITING', 'REVIEWING'],
      ['FINISHED', 'SUCCEED'],
    ]);

    // The next job's asynchronous call started the leaf with the reviewed value, as a PIPELINE build of this one.
    const call = await step(buildId, 'subPipelineCall');
    const started = await children(buildId);
    expect(started.map((child) => [child.pipelineId, child.startType, child.parentTaskId, child.startUser, child.buildMsg])).toEqual([[leafId, 'PIPELINE', call.taskId, 'dora', 'Pipeline trigger']]);
    expect([call.status, call.subBuildId]).toEqual(['SUCCEED', started[0].buildId]);
    expect(await variables(started[0].buildId)).toMatchObject({
      GREETING: 'to prod',
      EXTRA: 'erin',
      BK_CI_START_TYPE: 'PIPELINE',
      BK_CI_PARENT_PIPELINE_ID: reviewedId,
      BK_CI_PARENT_PIPELINE_NAME: 'reviewed',
      BK_CI_PARENT_BUILD_ID: buildId,
      BK_CI_PARENT_BUILD_TASK_ID: call.taskId,
      BK_CI_SUB_PIPELINE_RUN_MODE: 'asyn',
    });
  });

  it('fails the job and the build when the reviewer rejects, through v4 manual_review', async () => {
    const buildId = await start(reviewedId, { APPROVER: 'dora,erin' });
    await untilStep(buildId, 'manualReviewUserTask', 'REVIEWING');
    const { taskId } = await step(buildId, 'manualReviewUserTask');
    const missing = await request(gateway).post(v4('manual_review')).query({ pipelineId: reviewedId, buildId }).set(dora).send({ status: 'ABORT' });
    expect([missing.status, missing.body.message]).toEqual([400, 'Query parameter elementId is required']);
    const rejected = await request(gateway).post(v4('manual_review')).query({ pipelineId: reviewedId, buildId, elementId: taskId }).set(dora).send({ status: 'ABORT', suggest: 'not today' });
    expect([rejected.status, rejected.body.data]).toEqual([200, true]);
    await waitFor(async () => (await history(buildId)).endTime !== null, 15_000, 'the build to end');
    const ended = await history(buildId);
    expect(ended.status).toBe('FAILED');
    const done = await step(buildId, 'manualReviewUserTask');
    expect([done.status, done.approver, done.statusReason]).toEqual(['REVIEW_ABORT', 'dora', 'rejected by dora: not today']);
    expect(await variables(buildId)).toMatchObject({ MANUAL_REVIEW_RESULT: 'ABORT', MANUAL_REVIEWER: 'dora', MANUAL_REVIEW_SUGGEST: 'not today' });
    expect((await step(buildId, 'subPipelineCall')).startTime).toBeNull();
    expect(await children(buildId)).toHaveLength(0);
  });

  it('ends a review that waits past its step timeout EXEC_TIMEOUT (the monitor)', async () => {
    const pipelineId = await create(agentlessModel('slow review', [[review(['erin'], { additionalOptions: { enable: true, timeout: 1 } })]]));
    const buildId = await start(pipelineId);
    await untilStep(buildId, 'manualReviewUserTask', 'REVIEWING');
    const { taskId } = await step(buildId, 'manualReviewUserTask');
    await dataSource.getRepository(BuildTaskEntity).update({ buildId, taskId }, { startTime: new Date(Date.now() - 61_000) });
    await untilBuild(buildId, 'FAILED');
    const done = await step(buildId, 'manualReviewUserTask');
    expect([done.status, done.errorCode, done.errorMsg]).toEqual(['EXEC_TIMEOUT', 2199006, 'Task time out 1 minutes']);
  });

  it('waits for a synchronous sub-pipeline and then succeeds with it', async () => {
    const parentId = await create(agentlessModel('sync parent', [[call(gateId, false)]]));
    const buildId = await start(parentId);
    await untilStep(buildId, 'subPipelineCall', 'CALL_WAITING');
    const [child] = await children(buildId);
    const waiting = await step(buildId, 'subPipelineCall');
    expect([waiting.subBuildId, waiting.statusReason]).toEqual([child.buildId, `waiting for build #${child.buildNum} (${child.buildId}) of pipeline ${gateId} to end`]);
    await untilStep(child.buildId, 'manualReviewUserTask', 'REVIEWING');
    expect(await buildStatus(dataSource, buildId)).toBe('RUNNING');
    expect((await variables(child.buildId)).BK_CI_SUB_PIPELINE_RUN_MODE).toBe('syn');

    const childReview = await step(child.buildId, 'manualReviewUserTask');
    const approved = await request(gateway).post(reviewUrl(gateId, child.buildId, childReview.taskId)).set(erin).send({ status: 'PROCESS' });
    expect(approved.status).toBe(200);
    await untilBuild(buildId, 'SUCCEED');
    expect(await buildStatus(dataSource, child.buildId)).toBe('SUCCEED');
    const done = await step(buildId, 'subPipelineCall');
    expect([done.status, done.statusReason]).toEqual(['SUCCEED', `build #${child.buildNum} (${child.buildId}) of pipeline ${gateId} ended SUCCEED`]);
  });

  it('fails a synchronous call when its child fails, and a call its child cannot start', async () => {
    const brokenId = await create(agentlessModel('broken', [[call('p-does-not-exist', true)]]));
    const parentId = await create(agentlessModel('failing parent', [[call(brokenId, false)]]));
    const buildId = await start(parentId);
    await untilBuild(buildId, 'FAILED');
    const [child] = await children(buildId);
    expect(await buildStatus(dataSource, child.buildId)).toBe('FAILED');
    const childCall = await step(child.buildId, 'subPipelineCall');
    expect([childCall.status, childCall.errorCode, childCall.subBuildId]).toEqual(['FAILED', 2101002, null]);
    const done = await step(buildId, 'subPipelineCall');
    expect([done.status, done.statusReason]).toEqual(['FAILED', `build #${child.buildNum} (${child.buildId}) of pipeline ${brokenId} ended FAILED`]);
  });

  it('fails a call that would go round in a circle, and one whose starter may no longer execute pipelines', async () => {
    const loopId = await create(agentlessModel('loop', [[call(leafId, true)]]));
    const edited = await request(gateway).put(v4('pipelines/pipeline')).query({ pipelineId: loopId }).set(dora).send(agentlessModel('loop', [[call(loopId, false)]]));
    expect([edited.status, edited.body.message]).toEqual([200, null]);
    const looping = await start(loopId);
    await untilBuild(looping, 'FAILED');
    const refused = await step(looping, 'subPipelineCall');
    expect([refused.status, refused.errorCode, refused.errorMsg]).toEqual(['FAILED', 2101165, `calling pipeline ${loopId} would go round in a circle: it leads back to pipeline ${loopId}`]);
    expect(await children(looping)).toHaveLength(0);

    // gus starts the build, then leaves the project's developers before the review lets the call run.
    const gus = await memberToken(gateway, PROJECT, 'gus', 'developer');
    const started = await request(gateway).post(v4('build_start')).query({ pipelineId: reviewedId }).set(gus).send({});
    expect(started.status).toBe(200);
    const buildId = started.body.data.id as string;
    await untilStep(buildId, 'manualReviewUserTask', 'REVIEWING');
    const removed = await request(gateway).delete(`/ms/process/api/user/projects/${PROJECT}/groups/developer/members/gus`).set(ADMIN);
    expect(removed.status).toBe(200);
    const { taskId } = await step(buildId, 'manualReviewUserTask');
    expect((await request(gateway).post(reviewUrl(reviewedId, buildId, taskId)).set(erin).send({ status: 'PROCESS' })).status).toBe(200);
    await untilBuild(buildId, 'FAILED');
    const denied = await step(buildId, 'subPipelineCall');
    expect([denied.status, denied.errorCode, denied.errorMsg]).toEqual(['FAILED', 2101008, `gus, who started the build, may not execute pipeline ${leafId}`]);
    expect(await children(buildId)).toHaveLength(0);
  });

  it('cancels a synchronous child when its parent is stopped', async () => {
    const parentId = await create(agentlessModel('stopped parent', [[call(gateId, false)]]));
    const buildId = await start(parentId);
    await untilStep(buildId, 'subPipelineCall', 'CALL_WAITING');
    const [child] = await children(buildId);
    const stopped = await request(gateway).post(v4('build_stop')).query({ pipelineId: parentId, buildId }).set(dora);
    expect(stopped.status).toBe(200);
    await untilBuild(child.buildId, 'CANCELED');
    expect(await buildStatus(dataSource, buildId)).toBe('CANCELED');
  });
});
