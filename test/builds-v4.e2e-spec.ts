import request from 'supertest';
import type { BuildFormProperty, Model, TriggerContainer } from '@bkci/pipeline-model';
import { buildModel, memberToken, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { BuildHistoryEntity } from '../apps/process/src/builds/entities/build-history.entity';
import { buildStatus, processWithProjects, untilRunning as runningAt } from './builds.fixtures';

const PROJECT = 'v4runs';
const OTHER = 'v4others';
const v4 = (projectId: string, call: string) => `/ms/openapi/api/apigw-user/v4/projects/${projectId}/${call}`;

const PARAMS: BuildFormProperty[] = [
  { id: 'GREETING', required: true, type: 'STRING', defaultValue: 'hello' },
  { id: 'TOKEN', required: true, type: 'STRING', defaultValue: 'not-for-eyes', sensitive: true },
];

function modelWithParams(name: string): Model {
  const model = buildModel(name, 'echo "$GREETING"');
  (model.stages[0].containers[0] as TriggerContainer).params = PARAMS;
  return model;
}

/** BK-CI ApigwBuildResourceV4's calls through the gateway, served by process's user build routes. */
describe('OpenAPI v4 build calls', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let dataSource: DataSource;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;
  let outsider: Record<string, string>;
  let pipelineId: string;
  let otherPipelineId: string;

  const statusOf = (buildId: string) => buildStatus(dataSource, buildId);
  const untilRunning = (buildId: string) => runningAt(dataSource, buildId);
  const buildCount = () => dataSource.getRepository(BuildHistoryEntity).count();

  async function createPipeline(projectId: string, model: Model, as: Record<string, string>): Promise<string> {
    const created = await request(gateway).post(v4(projectId, 'pipelines/pipeline')).set(as).send(model);
    expect(created.status).toBe(201);
    return created.body.data.id as string;
  }

  beforeAll(async () => {
    ({ gateway, dataSource } = await processWithProjects(env, [PROJECT, OTHER]));
    developer = await memberToken(gateway, PROJECT, 'dora', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'vince', 'viewer');
    outsider = await memberToken(gateway, OTHER, 'otto', 'developer');
    pipelineId = await createPipeline(PROJECT, modelWithParams('v4-params'), developer);
    otherPipelineId = await createPipeline(OTHER, buildModel('theirs'), outsider);
  });

  afterAll(() => env.close());

  it('starts a build with param values and reads its status, variables, detail, history and start form, all through v4', async () => {
    const started = await request(gateway).post(v4(PROJECT, 'build_start')).query({ pipelineId }).set(developer).send({ GREETING: 'hi v4', TOKEN: 'secret-v4' });
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ status: 0, message: null, data: { id: expect.stringMatching(/^b-[0-9a-f]{32}$/), num: 1, executeCount: 1, projectId: PROJECT, pipelineId } });
    const buildId = started.body.data.id as string;
    await untilRunning(buildId);

    const status = await request(gateway).get(v4(PROJECT, 'build_status')).query({ pipelineId, buildId }).set(viewer);
    expect(status.status).toBe(200);
    expect(status.body.data).toMatchObject({ id: buildId, buildNum: 1, status: 'RUNNING', userId: 'dora', executeCount: 1, endTime: null });
    expect(status.body.data.variables).toMatchObject({ GREETING: 'hi v4', TOKEN: '******', BK_CI_BUILD_ID: buildId, BK_CI_BUILD_NUM: '1' });

    const variables = await request(gateway).post(v4(PROJECT, 'build_variables')).query({ pipelineId, buildId }).set(viewer).send(['GREETING', 'TOKEN', 'BK_CI_PIPELINE_ID', 'NOT_A_VARIABLE']);
    expect(variables.status).toBe(200);
    expect(variables.body).toEqual({ status: 0, message: null, data: { GREETING: 'hi v4', TOKEN: '******', BK_CI_PIPELINE_ID: pipelineId } });
    const badNames = await request(gateway).post(v4(PROJECT, 'build_variables')).query({ pipelineId, buildId }).set(viewer).send({ names: ['GREETING'] });
    expect([badNames.status, badNames.body.status]).toEqual([400, 2100004]);
    expect(badNames.body.message).toContain('JSON array of variable names');

    // BK-CI's v4 answers the build record (ModelRecord), not the console's detail.
    await waitFor(async () => (await request(gateway).get(v4(PROJECT, 'build_detail')).query({ pipelineId, buildId }).set(viewer)).body.data.stageStatus[1].status === 'RUNNING', 10_000, 'stage-2 to run');
    const detail = await request(gateway).get(v4(PROJECT, 'build_detail')).query({ pipelineId, buildId, executeCount: 1 }).set(viewer);
    expect(detail.status).toBe(200);
    expect(detail.body.data).toMatchObject({
      id: buildId,
      pipelineId,
      pipelineName: 'v4-params',
      userId: 'dora',
      triggerUser: 'dora',
      trigger: 'MANUAL',
      status: 'RUNNING',
      buildNum: 1,
      curVersion: 1,
      curVersionName: 'V1',
      latestVersion: 1,
      lastModifyUser: 'dora',
      executeCount: 1,
      executeTime: 0,
      endTime: null,
      cancelUserId: null,
      startUserList: ['dora'],
      recordList: [{ startUser: 'dora', timeCost: null }],
      buildMsg: 'Manual',
      errorInfoList: null,
    });
    expect(detail.body.data.queueTimeCost).toBe(detail.body.data.startTime - detail.body.data.queueTime);
    expect(detail.body.data.stageStatus.map((s: { stageId: string; status: string; elapsed: number | null }) => [s.stageId, s.status, s.elapsed === null])).toEqual([
      ['stage-1', 'SUCCEED', false],
      ['stage-2', 'RUNNING', true],
    ]);
    expect(detail.body.data.model.stages.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([['stage-1', 'SUCCEED'], ['stage-2', 'RUNNING']]);
    const noSuchRun = await request(gateway).get(v4(PROJECT, 'build_detail')).query({ pipelineId, buildId, executeCount: 2 }).set(viewer);
    expect([noSuchRun.status, noSuchRun.body.status, noSuchRun.body.message]).toEqual([404, 2101902, `Build ${buildId} has no record of execution 2; its latest is 1`]);

    const second = await request(gateway).post(v4(PROJECT, 'build_start')).query({ pipelineId }).set(developer).send({});
    expect(second.body.data.num).toBe(2);
    const histories = await request(gateway).get(v4(PROJECT, 'build_histories')).query({ pipelineId, page: 1, pageSize: 1 }).set(viewer);
    expect(histories.status).toBe(200);
    expect(histories.body.data).toMatchObject({ count: 2, page: 1, pageSize: 1, totalPages: 2, pipelineVersion: 1 });
    expect(histories.body.data.records.map((r: { id: string }) => r.id)).toEqual([second.body.data.id]);
    const older = await request(gateway).get(v4(PROJECT, 'build_histories')).query({ pipelineId, page: 2, pageSize: 1 }).set(viewer);
    expect(older.body.data.records.map((r: { id: string }) => r.id)).toEqual([buildId]);
    // Filters pass through, a list repeated or given once; the console's history/new takes them too; a bad status is a 400.
    const numbered = await request(gateway).get(`${v4(PROJECT, 'build_histories')}?pipelineId=${pipelineId}&buildNoStart=2&status=QUEUE&status=RUNNING&status=LOOP_WAITING&trigger=MANUAL`).set(viewer);
    expect(numbered.body.data.records.map((r: { id: string }) => r.id)).toEqual([second.body.data.id]);
    const fromConsole = await request(gateway).get(`/ms/process/api/user/builds/${PROJECT}/${pipelineId}/history/new`).query({ buildNoEnd: 1, triggerUser: 'dora' }).set(viewer);
    expect(fromConsole.body.data.records.map((r: { id: string }) => r.id)).toEqual([buildId]);
    const bad = await request(gateway).get(v4(PROJECT, 'build_histories')).query({ pipelineId, status: 'NOT_A_STATUS' }).set(viewer);
    expect([bad.status, bad.body.status]).toEqual([400, 2100004]);
    expect(JSON.stringify([status.body, variables.body, histories.body, older.body])).not.toContain('secret-v4');

    const info = await request(gateway).get(v4(PROJECT, 'build_manual_startup_info')).query({ pipelineId }).set(developer);
    expect(info.status).toBe(200);
    expect(info.body.data).toMatchObject({ canManualStartup: true, canElementSkip: false });
    expect(info.body.data.properties.map((p: { id: string; value: unknown }) => [p.id, p.value])).toEqual([
      ['BK_CI_BUILD_MSG', ''],
      ['GREETING', 'hello'],
      ['TOKEN', 'not-for-eyes'],
    ]);
    await untilRunning(second.body.data.id);
  });

  it('stops a build with POST build_stop, for who may execute it', async () => {
    const started = await request(gateway).post(v4(PROJECT, 'build_start')).query({ pipelineId }).set(developer).send({});
    const buildId = started.body.data.id as string;
    await untilRunning(buildId);

    const byViewer = await request(gateway).post(v4(PROJECT, 'build_stop')).query({ pipelineId, buildId }).set(viewer);
    expect([byViewer.status, byViewer.body.status]).toEqual([403, 2100006]);
    expect(await statusOf(buildId)).toBe('RUNNING');

    const stopped = await request(gateway).post(v4(PROJECT, 'build_stop')).query({ pipelineId, buildId }).set(developer);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toEqual({ status: 0, message: null, data: true });
    await waitFor(async () => (await statusOf(buildId)) === 'CANCELED', 10_000, 'the build to be cancelled');
    const status = await request(gateway).get(v4(PROJECT, 'build_status')).query({ pipelineId, buildId }).set(viewer);
    expect(status.body.data.status).toBe('CANCELED');
    const again = await request(gateway).post(v4(PROJECT, 'build_stop')).query({ pipelineId, buildId }).set(developer);
    expect([again.status, again.body.status]).toEqual([409, 2101182]);
  });

  it('refuses a call without its pipelineId or buildId with a 400 naming it, and starts nothing', async () => {
    const before = await buildCount();
    for (const [method, call] of [
      ['post', 'build_start'],
      ['post', 'build_stop'],
      ['get', 'build_status'],
      ['get', 'build_detail'],
      ['get', 'build_histories'],
      ['post', 'build_variables'],
      ['get', 'build_manual_startup_info'],
    ] as const) {
      const refused = await request(gateway)[method](v4(PROJECT, call)).query({ buildId: 'b-00000000000000000000000000000000' }).set(developer);
      expect([call, refused.status, refused.body]).toEqual([call, 400, { status: 2100002, message: 'Query parameter pipelineId is required', data: null }]);
    }
    const noBuild = await request(gateway).get(v4(PROJECT, 'build_status')).query({ pipelineId }).set(developer);
    expect([noBuild.status, noBuild.body.message]).toEqual([400, 'Query parameter buildId is required']);
    expect(await buildCount()).toBe(before);
  });

  it('lets a viewer read but not start, and keeps each project’s builds to its own members', async () => {
    const before = await buildCount();
    const byViewer = await request(gateway).post(v4(PROJECT, 'build_start')).query({ pipelineId }).set(viewer).send({});
    expect([byViewer.status, byViewer.body.status]).toEqual([403, 2100006]);
    const viewerForm = await request(gateway).get(v4(PROJECT, 'build_manual_startup_info')).query({ pipelineId }).set(viewer);
    expect([viewerForm.status, viewerForm.body.status]).toEqual([403, 2100006]);
    const byOutsider = await request(gateway).post(v4(PROJECT, 'build_start')).query({ pipelineId }).set(outsider).send({});
    expect([byOutsider.status, byOutsider.body.status]).toEqual([403, 2100006]);
    // Their pipeline named under our project: we may execute here, but it is not one of ours.
    const crossed = await request(gateway).post(v4(PROJECT, 'build_start')).query({ pipelineId: otherPipelineId }).set(developer).send({});
    expect([crossed.status, crossed.body.status]).toEqual([404, 2101038]);
    expect(await buildCount()).toBe(before);

    const theirs = await request(gateway).post(v4(OTHER, 'build_start')).query({ pipelineId: otherPipelineId }).set(outsider).send({});
    expect(theirs.status).toBe(200);
    const theirBuild = theirs.body.data.id as string;
    for (const call of ['build_status', 'build_detail', 'build_histories']) {
      const refused = await request(gateway).get(v4(OTHER, call)).query({ pipelineId: otherPipelineId, buildId: theirBuild }).set(developer);
      expect([call, refused.status, refused.body.status]).toEqual([call, 403, 2100006]);
    }
    const stopTheirs = await request(gateway).post(v4(OTHER, 'build_stop')).query({ pipelineId: otherPipelineId, buildId: theirBuild }).set(developer);
    expect([stopTheirs.status, stopTheirs.body.status]).toEqual([403, 2100006]);
    // Their build named under our pipeline is not found there.
    const crossedStatus = await request(gateway).get(v4(PROJECT, 'build_status')).query({ pipelineId, buildId: theirBuild }).set(viewer);
    expect([crossedStatus.status, crossedStatus.body.status]).toEqual([404, 2101163]);
    await untilRunning(theirBuild);
  });
});
