import request from 'supertest';
import type { BuildFormProperty, Model, TriggerContainer } from '@bkci/pipeline-model';
import { buildModel, memberToken, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { BuildContainerEntity } from '../apps/process/src/builds/entities/build-container.entity';
import { BuildHistoryEntity } from '../apps/process/src/builds/entities/build-history.entity';
import { BuildStageEntity } from '../apps/process/src/builds/entities/build-stage.entity';
import { BuildTaskEntity } from '../apps/process/src/builds/entities/build-task.entity';
import { BuildVarEntity } from '../apps/process/src/builds/entities/build-var.entity';
import { buildStatus, processWithProjects, untilRunning as runningAt } from './builds.fixtures';

const PROJECT = 'runner';
const OTHER = 'elsewhere';
const builds = (projectId: string, pipelineId: string) => `/ms/process/api/user/builds/${projectId}/${pipelineId}`;

const PARAMS: BuildFormProperty[] = [
  { id: 'GREETING', required: true, type: 'STRING', defaultValue: 'hello' },
  { id: 'NOTES', required: true, type: 'TEXTAREA', defaultValue: '' },
  { id: 'DRY_RUN', required: true, type: 'BOOLEAN', defaultValue: false },
  { id: 'ENV', required: true, type: 'ENUM', defaultValue: 'dev', options: [{ key: 'dev', value: 'Dev' }, { key: 'prod', value: 'Prod' }] },
  { id: 'TARGETS', required: true, type: 'MULTIPLE', defaultValue: 'a', options: [{ key: 'a', value: 'A' }, { key: 'b', value: 'B' }] },
  { id: 'RELEASE', required: true, type: 'STRING', defaultValue: '', valueNotEmpty: true },
  { id: 'TOKEN', required: true, type: 'STRING', defaultValue: 'not-for-eyes', sensitive: true },
  { id: 'REGION', required: false, constant: true, type: 'STRING', defaultValue: 'eu' },
];

function modelWithParams(name: string): Model {
  const model = buildModel(name, 'echo "$GREETING"');
  const trigger = model.stages[0].containers[0] as TriggerContainer;
  trigger.params = PARAMS;
  trigger.buildNo = { buildNo: 7, buildNoType: 'EVERY_BUILD_INCREMENT' };
  return model;
}

describe('starting builds through the gateway', () => {
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
  const rowCounts = async () => ({
    histories: await dataSource.getRepository(BuildHistoryEntity).count(),
    stages: await dataSource.getRepository(BuildStageEntity).count(),
    containers: await dataSource.getRepository(BuildContainerEntity).count(),
    tasks: await dataSource.getRepository(BuildTaskEntity).count(),
    vars: await dataSource.getRepository(BuildVarEntity).count(),
  });

  async function createPipeline(projectId: string, model: Model, as: Record<string, string>): Promise<string> {
    const created = await request(gateway).post(`/ms/process/api/user/pipelines/${projectId}`).set(as).send(model);
    expect(created.status).toBe(201);
    return created.body.data.id as string;
  }

  beforeAll(async () => {
    ({ gateway, dataSource } = await processWithProjects(env, [PROJECT, OTHER]));
    developer = await memberToken(gateway, PROJECT, 'dave', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'vera', 'viewer');
    outsider = await memberToken(gateway, OTHER, 'olga', 'developer');
    pipelineId = await createPipeline(PROJECT, modelWithParams('with-params'), developer);
    otherPipelineId = await createPipeline(OTHER, buildModel('theirs'), outsider);
  });

  afterAll(() => env.close());

  it('starts a build with good params: BK-CI BuildId, its rows, the variables BK-CI sets, and the engine runs it up to its VM job', async () => {
    const started = await request(gateway)
      .post(builds(PROJECT, pipelineId))
      .set(developer)
      .send({ GREETING: 'hi there', DRY_RUN: 'true', ENV: 'prod', TARGETS: 'a,b', RELEASE: '1.2', NOTES: '', REGION: 'us', NOT_A_PARAM: 'ignored', BK_CI_BUILD_MSG: 'ship it' });
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ status: 0, message: null, data: { id: expect.stringMatching(/^b-[0-9a-f]{32}$/), num: 1, executeCount: 1, projectId: PROJECT, pipelineId } });
    const buildId = started.body.data.id as string;

    await untilRunning(buildId);
    const history = await dataSource.getRepository(BuildHistoryEntity).findOneByOrFail({ buildId });
    expect(history).toMatchObject({ status: 'RUNNING', buildNum: 1, version: 1, versionName: 'V1', startType: 'MANUAL', startUser: 'dave', triggerUser: 'dave', executeCount: 1, debug: false, buildMsg: 'ship it', recommendVersion: '0.0.0.8', firstTaskId: 'T-1-1-1' });
    expect(history.startTime).not.toBeNull();
    await waitFor(async () => (await dataSource.getRepository(BuildStageEntity).countBy({ buildId, status: 'RUNNING' })) === 1, 10_000, 'stage-2 to run');
    const stages = await dataSource.getRepository(BuildStageEntity).find({ where: { buildId }, order: { seq: 'ASC' } });
    expect(stages.map((s) => [s.stageId, s.status])).toEqual([['stage-1', 'SUCCEED'], ['stage-2', 'RUNNING']]);
    await waitFor(async () => (await dataSource.getRepository(BuildContainerEntity).findOneByOrFail({ buildId, containerId: '1' })).status === 'LOOP_WAITING', 10_000, 'the VM job to wait for an agent');
    const containers = await dataSource.getRepository(BuildContainerEntity).find({ where: { buildId }, order: { seq: 'ASC' } });
    expect(containers.map((c) => [c.containerId, c.containerType, c.status])).toEqual([['0', 'trigger', 'SUCCEED'], ['1', 'vmBuild', 'LOOP_WAITING']]);
    const tasks = await dataSource.getRepository(BuildTaskEntity).find({ where: { buildId }, order: { containerId: 'ASC', taskSeq: 'ASC' } });
    expect(tasks.map((t) => [t.taskId, t.status])).toEqual([
      ['T-1-1-1', 'SUCCEED'],
      ['startVM-1', 'CALL_WAITING'],
      ['e-0123456789abcdef0123456789abcdef', 'QUEUE'],
      ['end-1000', 'QUEUE'],
      ['stopVM-1001', 'QUEUE'],
    ]);

    const vars = Object.fromEntries((await dataSource.getRepository(BuildVarEntity).findBy({ buildId })).map((v) => [v.key, [v.value, v.readOnly]]));
    expect(vars).toEqual({
      GREETING: ['hi there', false],
      NOTES: ['', false],
      DRY_RUN: ['true', false],
      ENV: ['prod', false],
      TARGETS: ['a,b', false],
      RELEASE: ['1.2', false],
      TOKEN: ['not-for-eyes', false],
      REGION: ['eu', true],
      BK_CI_START_USER_ID: ['dave', false],
      BK_CI_START_USER_NAME: ['dave', false],
      BK_CI_PIPELINE_NAME: ['with-params', false],
      BK_CI_PROJECT_NAME_CN: [`Project ${PROJECT}`, false],
      BK_CI_BUILD_MSG: ['ship it', true],
      BK_CI_START_TYPE: ['MANUAL', true],
      BK_CI_START_CHANNEL: ['BS', true],
      BK_CI_IS_MOBILE: ['false', true],
      BK_CI_PIPELINE_CREATE_USER: ['dave', true],
      BK_CI_PIPELINE_UPDATE_USER: ['dave', true],
      BK_CI_PIPELINE_VERSION: ['1', true],
      BK_CI_PIPELINE_ID: [pipelineId, true],
      BK_CI_PROJECT_NAME: [PROJECT, true],
      BK_CI_BUILD_ID: [buildId, true],
      'ci.debug': ['false', true],
      BK_CI_BUILD_NUM: ['1', true],
      BK_CI_BUILD_NO: ['8', true],
      BK_CI_BUILD_START_TIME: [expect.stringMatching(/^\d{13}$/), true],
    });
    // The variable keeps milliseconds; MariaDB's DATETIME keeps whole seconds of the same instant.
    expect(Math.floor(Number(vars.BK_CI_BUILD_START_TIME[0]) / 1000)).toBe(Math.floor(history.startTime!.getTime() / 1000));
  });

  it.each([
    ['DRY_RUN', { RELEASE: '1', DRY_RUN: 'maybe' }, 2101901],
    ['ENV', { RELEASE: '1', ENV: 'staging' }, 2101901],
    ['TARGETS', { RELEASE: '1', TARGETS: 'a,z' }, 2101901],
    ['RELEASE', { RELEASE: '' }, 2101254],
    ['GREETING', { RELEASE: '1', GREETING: 'x'.repeat(4001) }, 2101256],
    ['NOTES', { RELEASE: '1', NOTES: { text: 'no' } }, 2101901],
  ])('refuses a bad %s with a 400 naming it, and writes nothing', async (name, body, code) => {
    const before = await rowCounts();
    const refused = await request(gateway).post(builds(PROJECT, pipelineId)).set(developer).send(body);
    expect(refused.status).toBe(400);
    expect(refused.body.status).toBe(code);
    expect(refused.body.message).toContain(`Start param ${name} `);
    expect(await rowCounts()).toEqual(before);
  });

  it('refuses a body that is not an object of values, and bad query values', async () => {
    const before = await rowCounts();
    const array = await request(gateway).post(builds(PROJECT, pipelineId)).set(developer).send([{ RELEASE: '1' }]);
    expect([array.status, array.body.status]).toEqual([400, 2100004]);
    const badNo = await request(gateway).post(`${builds(PROJECT, pipelineId)}?buildNo=abc`).set(developer).send({ RELEASE: '1' });
    expect([badNo.status, badNo.body.status]).toEqual([400, 2100004]);
    expect(badNo.body.message).toContain('buildNo');
    const noVersion = await request(gateway).post(`${builds(PROJECT, pipelineId)}?version=9`).set(developer).send({ RELEASE: '1' });
    expect([noVersion.status, noVersion.body.status]).toEqual([404, 2101039]);
    expect(await rowCounts()).toEqual(before);
  });

  it('runs only the latest release, and only a pipeline with an enabled manual trigger', async () => {
    const versioned = await createPipeline(PROJECT, buildModel('versioned'), developer);
    const saved = await request(gateway).put(`/ms/process/api/user/pipelines/${PROJECT}/${versioned}`).set(developer).send(buildModel('versioned', 'make all'));
    expect(saved.status).toBe(200);
    const noManual = buildModel('no-manual');
    noManual.stages[0].containers[0].elements[0].additionalOptions = { enable: false } as never;
    const denied = await createPipeline(PROJECT, noManual, developer);

    const before = await rowCounts();
    const old = await request(gateway).post(`${builds(PROJECT, versioned)}?version=1`).set(developer).send({});
    expect([old.status, old.body.status]).toEqual([400, 2101266]);
    expect(old.body.message).toBe(`Version 1 of pipeline ${versioned} is not its latest release (2); run that one`);
    const manual = await request(gateway).post(builds(PROJECT, denied)).set(developer).send({});
    expect([manual.status, manual.body.status]).toEqual([400, 2101021]);
    expect(await rowCounts()).toEqual(before);

    const latest = await request(gateway).post(`${builds(PROJECT, versioned)}?version=2`).set(developer).send({});
    expect(latest.status).toBe(200);
    await untilRunning(latest.body.data.id);
    const row = await dataSource.getRepository(BuildHistoryEntity).findOneByOrFail({ buildId: latest.body.data.id });
    expect([row.version, row.versionName, row.buildNum]).toEqual([2, 'V2', 1]);
    const script = await dataSource.getRepository(BuildTaskEntity).findOneByOrFail({ buildId: row.buildId, taskType: 'linuxScript' });
    expect((script.taskParams as { script: string }).script).toBe('make all');
  });

  it('lets only who may execute start a build, and only in the pipeline’s own project', async () => {
    const before = await rowCounts();
    const byViewer = await request(gateway).post(builds(PROJECT, pipelineId)).set(viewer).send({ RELEASE: '1' });
    expect([byViewer.status, byViewer.body.status]).toEqual([403, 2100006]);
    const byOutsider = await request(gateway).post(builds(PROJECT, pipelineId)).set(outsider).send({ RELEASE: '1' });
    expect([byOutsider.status, byOutsider.body.status]).toEqual([403, 2100006]);
    // Their pipeline named under our project: we may execute here, but it is not one of ours.
    const crossed = await request(gateway).post(builds(PROJECT, otherPipelineId)).set(developer).send({});
    expect([crossed.status, crossed.body.status]).toEqual([404, 2101038]);
    expect(await rowCounts()).toEqual(before);
    const statusOfOurs = await request(gateway).get(`${builds(PROJECT, pipelineId)}/history`).set(outsider);
    expect(statusOfOurs.status).toBe(403);
  });

  it('numbers builds one after another and follows the recommended version (EVERY_BUILD_INCREMENT, buildNo set)', async () => {
    const second = await request(gateway).post(builds(PROJECT, pipelineId)).set(developer).send({ RELEASE: '2' });
    const third = await request(gateway).post(`${builds(PROJECT, pipelineId)}?buildNo=20`).set(developer).send({ RELEASE: '3' });
    expect([second.body.data.num, third.body.data.num]).toEqual([2, 3]);
    const buildNoOf = async (buildId: string) => (await dataSource.getRepository(BuildVarEntity).findOneByOrFail({ buildId, key: 'BK_CI_BUILD_NO' })).value;
    expect([await buildNoOf(second.body.data.id), await buildNoOf(third.body.data.id)]).toEqual(['9', '21']);
    // Another pipeline counts on its own.
    const theirs = await request(gateway).post(builds(OTHER, otherPipelineId)).set(outsider).send({});
    expect(theirs.body.data.num).toBe(1);
  });

  it('reads a build’s status with its variables (sensitive ones masked), its detail, and the history newest first', async () => {
    const started = await request(gateway).post(builds(PROJECT, pipelineId)).set(developer).send({ RELEASE: '4', ENV: 'prod' });
    const buildId = started.body.data.id as string;
    await untilRunning(buildId);

    const status = await request(gateway).get(`${builds(PROJECT, pipelineId)}/${buildId}/status`).set(viewer);
    expect(status.status).toBe(200);
    expect(status.body.data).toMatchObject({ id: buildId, buildNum: 4, status: 'RUNNING', userId: 'dave', trigger: 'MANUAL', pipelineVersion: 1, executeCount: 1, endTime: null, debug: false, buildMsg: 'Manual' });
    expect(status.body.data.startTime).toBeGreaterThanOrEqual(status.body.data.queueTime);
    expect(status.body.data.variables).toMatchObject({ ENV: 'prod', RELEASE: '4', TOKEN: '******', BK_CI_BUILD_NUM: '4' });
    expect(status.body.data.buildParameters.find((p: { key: string }) => p.key === 'TOKEN')).toMatchObject({ value: '******', sensitive: true });
    expect(JSON.stringify(status.body)).not.toContain('not-for-eyes');

    const history = await request(gateway).get(`${builds(PROJECT, pipelineId)}/history?page=1&pageSize=3`).set(viewer);
    expect(history.status).toBe(200);
    expect(history.body.data).toMatchObject({ count: 4, page: 1, pageSize: 3, totalPages: 2, pipelineVersion: 1 });
    expect(history.body.data.records.map((r: { buildNum: number; id: string }) => r.buildNum)).toEqual([4, 3, 2]);
    for (const record of history.body.data.records) await untilRunning(record.id);
    expect(JSON.stringify(history.body)).not.toContain('not-for-eyes');

    await waitFor(async () => (await dataSource.getRepository(BuildContainerEntity).findOneByOrFail({ buildId, containerId: '1' })).status === 'LOOP_WAITING', 10_000, 'the VM job to wait for an agent');
    const detail = await request(gateway).get(`${builds(PROJECT, pipelineId)}/${buildId}/detail`).set(viewer);
    expect(detail.status).toBe(200);
    expect(detail.body.data).toMatchObject({ id: buildId, pipelineId, pipelineName: 'with-params', userId: 'dave', trigger: 'MANUAL', status: 'RUNNING', buildNum: 4, curVersion: 1, latestVersion: 1, latestBuildNum: 4, executeCount: 1, debug: false, endTime: null });
    const model = detail.body.data.model;
    expect(model.stages.map((s: { id: string; status: string }) => [s.id, s.status])).toEqual([['stage-1', 'SUCCEED'], ['stage-2', 'RUNNING']]);
    expect(model.stages[1].startEpoch).toBeGreaterThanOrEqual(detail.body.data.queueTime - 1000);
    expect(model.stages[0].containers[0]).toMatchObject({ id: '0', status: 'SUCCEED' });
    expect(model.stages[0].containers[0].elements[0]).toMatchObject({ id: 'T-1-1-1', status: 'SUCCEED' });
    // The job waits for a machine: visible as its own status and its start-machine step's, and why.
    expect(model.stages[1].containers[0]).toMatchObject({
      id: '1',
      status: 'LOOP_WAITING',
      startVMStatus: 'CALL_WAITING',
      statusReason: 'waiting for an agent: the default pool has no imported agent',
      containerHashId: 'c-0123456789abcdef0123456789abcdef',
    });
    expect(model.stages[1].containers[0].elements[0]).toMatchObject({ id: 'e-0123456789abcdef0123456789abcdef', status: 'QUEUE', script: 'echo "$GREETING"' });

    const missing = await request(gateway).get(`${builds(PROJECT, pipelineId)}/b-00000000000000000000000000000000/status`).set(viewer);
    expect([missing.status, missing.body.status]).toEqual([404, 2101163]);
    // A build is read only under its own pipeline.
    const other = await request(gateway).post(builds(OTHER, otherPipelineId)).set(outsider).send({});
    const crossed = await request(gateway).get(`${builds(PROJECT, pipelineId)}/${other.body.data.id}/status`).set(viewer);
    expect(crossed.status).toBe(404);
    const crossedDetail = await request(gateway).get(`${builds(PROJECT, pipelineId)}/${other.body.data.id}/detail`).set(viewer);
    expect([crossedDetail.status, crossedDetail.body.status]).toEqual([404, 2101163]);
    const outsiderDetail = await request(gateway).get(`${builds(PROJECT, pipelineId)}/${buildId}/detail`).set(outsider);
    expect(outsiderDetail.status).toBe(403);
  });

  it('stops a build for who may execute it: the build and what had not finished end CANCELED', async () => {
    const started = await request(gateway).post(builds(PROJECT, pipelineId)).set(developer).send({ RELEASE: '5' });
    const buildId = started.body.data.id as string;
    await untilRunning(buildId);

    const byViewer = await request(gateway).delete(`${builds(PROJECT, pipelineId)}/${buildId}/`).set(viewer);
    expect([byViewer.status, byViewer.body.status]).toEqual([403, 2100006]);
    const byOutsider = await request(gateway).delete(`${builds(PROJECT, pipelineId)}/${buildId}/`).set(outsider);
    expect(byOutsider.status).toBe(403);
    expect(await statusOf(buildId)).toBe('RUNNING');

    const stopped = await request(gateway).delete(`${builds(PROJECT, pipelineId)}/${buildId}/`).set(developer);
    expect(stopped.status).toBe(200);
    expect(stopped.body).toEqual({ status: 0, message: null, data: true });
    await waitFor(async () => (await statusOf(buildId)) === 'CANCELED', 10_000, 'the build to be cancelled');
    const detail = await request(gateway).get(`${builds(PROJECT, pipelineId)}/${buildId}/detail`).set(viewer);
    expect(detail.body.data.status).toBe('CANCELED');
    expect(detail.body.data.endTime).toBeGreaterThanOrEqual(detail.body.data.startTime);
    expect(detail.body.data.model.stages.map((s: { status: string }) => s.status)).toEqual(['SUCCEED', 'CANCELED']);
    expect(detail.body.data.model.stages[1].containers[0]).toMatchObject({ status: 'CANCELED', startVMStatus: 'CANCELED' });

    const again = await request(gateway).delete(`${builds(PROJECT, pipelineId)}/${buildId}/`).set(developer);
    expect([again.status, again.body.status]).toEqual([409, 2101182]);
    const unknown = await request(gateway).delete(`${builds(PROJECT, pipelineId)}/b-00000000000000000000000000000000/`).set(developer);
    expect([unknown.status, unknown.body.status]).toEqual([404, 2101163]);
  });

  it('answers the start form: the build message, the params with the last build’s values, the build number', async () => {
    const started = await request(gateway).post(builds(PROJECT, pipelineId)).set(developer).send({ RELEASE: '6', ENV: 'prod', DRY_RUN: 'true', TOKEN: 'other-secret' });
    expect(started.status).toBe(200);

    const byViewer = await request(gateway).get(`${builds(PROJECT, pipelineId)}/manualStartupInfo`).set(viewer);
    expect([byViewer.status, byViewer.body.status]).toEqual([403, 2100006]);
    const info = await request(gateway).get(`${builds(PROJECT, pipelineId)}/manualStartupInfo`).set(developer);
    expect(info.status).toBe(200);
    expect(info.body.data).toMatchObject({ canManualStartup: true, canElementSkip: false, useLatestParameters: false, buildNo: { buildNo: 7, buildNoType: 'EVERY_BUILD_INCREMENT', currentBuildNo: 24 } });
    const values = info.body.data.properties.map((p: { id: string; value: unknown; readOnly?: boolean }) => [p.id, p.value, p.readOnly ?? false]);
    expect(values).toEqual([
      ['BK_CI_BUILD_MSG', '', false],
      ['GREETING', 'hello', false],
      ['NOTES', '', false],
      ['DRY_RUN', true, false],
      ['ENV', 'prod', false],
      ['TARGETS', 'a', false],
      ['RELEASE', '6', false],
      ['TOKEN', 'not-for-eyes', false],
      ['REGION', 'eu', true],
    ]);
    expect(JSON.stringify(info.body)).not.toContain('other-secret');
  });
});
