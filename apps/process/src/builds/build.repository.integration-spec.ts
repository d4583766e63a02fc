import { Caller } from '@bkci/auth';
import { buildModel, TestEnvironment, waitFor } from '@bkci/testing';
import { defaultSetting } from '../pipelines/pipeline-resource';
import { DataSource } from 'typeorm';
import { PipelineService } from '../pipelines/pipeline.service';
import { processApp } from '../process.app';
import { ProjectService } from '../projects/project.service';
import { BuildStartService } from './build-start.service';
import { BuildRepository } from './build.repository';
import { BuildStartControl } from './engine/build-start.control';
import { BuildContainerEntity } from './entities/build-container.entity';
import { BuildHistoryEntity } from './entities/build-history.entity';
import { BuildStageEntity } from './entities/build-stage.entity';
import { BuildTaskEntity } from './entities/build-task.entity';
import { BuildVarEntity } from './entities/build-var.entity';

const ALICE: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false };
const PROJECT = 'runtime';

describe('BuildRepository and BuildStartService on the real database', () => {
  const env = new TestEnvironment();
  let dataSource: DataSource;
  let repository: BuildRepository;
  let starts: BuildStartService;
  let engineStart: BuildStartControl;
  let pipelineId: string;
  /** MULTIPLE with a cap of one running build: its first build runs (and waits at its VM job), the rest stay QUEUE. */
  let cappedId: string;
  let running: string;

  const statusOf = async (buildId: string) => (await repository.buildById(buildId))!.status;

  beforeAll(async () => {
    const { app } = await env.start(processApp);
    dataSource = app.get(DataSource);
    repository = app.get(BuildRepository);
    starts = app.get(BuildStartService);
    engineStart = app.get(BuildStartControl);
    await app.get(ProjectService).create(ALICE, { projectName: 'Runtime', englishName: PROJECT });
    ({ pipelineId } = await app.get(PipelineService).create(ALICE, PROJECT, { model: buildModel('runtime') }));
    const setting = { ...defaultSetting('capped', ''), maxConRunningQueueSize: 1 };
    ({ pipelineId: cappedId } = await app.get(PipelineService).create(ALICE, PROJECT, { model: buildModel('capped'), setting }));
    running = (await starts.manualStart(ALICE, PROJECT, cappedId, { values: {} })).id;
    await waitFor(async () => (await statusOf(running)) === 'RUNNING', 5000, 'the capped pipeline’s first build to run');
  });

  afterAll(() => env.close());

  it('writes the history, stage, container, task and variable rows of a build at QUEUE in one go', async () => {
    const build = await starts.manualStart(ALICE, PROJECT, cappedId, { values: {} });
    expect(build).toEqual({ id: expect.stringMatching(/^b-[0-9a-f]{32}$/), num: 2, executeCount: 1, projectId: PROJECT, pipelineId: cappedId });

    const history = await repository.buildById(build.id);
    expect(history).toMatchObject({ status: 'QUEUE', buildNum: 2, version: 1, startType: 'MANUAL', startUser: 'alice', debug: false, revision: 1, firstTaskId: 'T-1-1-1' });
    expect((await repository.stages(build.id)).map((s) => [s.stageId, s.seq, s.status])).toEqual([
      ['stage-1', 0, 'QUEUE'],
      ['stage-2', 1, 'QUEUE'],
    ]);
    expect((await repository.containers(build.id)).map((c) => [c.containerId, c.containerType, c.stageId, c.status])).toEqual([
      ['0', 'trigger', 'stage-1', 'QUEUE'],
      ['1', 'vmBuild', 'stage-2', 'QUEUE'],
    ]);
    // BK-CI's VM job layout: startVM before the first step, then end- and stopVM- after them.
    expect((await repository.tasks(build.id)).map((t) => [t.taskId, t.containerId, t.taskSeq, t.taskAtom, t.status])).toEqual([
      ['T-1-1-1', '0', 1, '', 'QUEUE'],
      ['startVM-1', '1', 1, 'dispatchVMStartupTaskAtom', 'QUEUE'],
      ['e-0123456789abcdef0123456789abcdef', '1', 2, '', 'QUEUE'],
      ['end-1000', '1', 1000, '', 'QUEUE'],
      ['stopVM-1001', '1', 1001, 'dispatchVMShutdownTaskAtom', 'QUEUE'],
    ]);
    const vars = Object.fromEntries((await repository.vars(build.id)).map((v) => [v.key, v.value]));
    expect(vars).toMatchObject({ BK_CI_BUILD_ID: build.id, BK_CI_BUILD_NUM: '2', BK_CI_PIPELINE_ID: cappedId, BK_CI_PROJECT_NAME: PROJECT });
    // The cap holds it: given its start event, the engine leaves it waiting.
    await engineStart.handle({ projectId: PROJECT, pipelineId: cappedId, buildId: build.id, taskId: 'T-1-1-1', actionType: 'START', executeCount: 1, buildNoType: null, debug: false, userId: 'alice' });
    expect(await statusOf(build.id)).toBe('QUEUE');
  });

  it('gives concurrent starts consecutive build numbers, none twice', async () => {
    const before = (await repository.summary(pipelineId))?.buildNum ?? 0;
    const builds = await Promise.all(Array.from({ length: 8 }, () => starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} })));
    expect(builds.map((b) => b.num).sort((a, b) => a - b)).toEqual(Array.from({ length: 8 }, (_, i) => before + i + 1));
    expect((await repository.summary(pipelineId))!.buildNum).toBe(before + 8);
  });

  it('changes a status only from the status the writer expects (compare-and-set)', async () => {
    const { id } = await starts.manualStart(ALICE, PROJECT, cappedId, { values: {} });
    const startTime = new Date();
    const won = await dataSource.transaction((m) => repository.swapBuildStatus(id, 'QUEUE', 'RUNNING', { startTime }, m));
    const lost = await dataSource.transaction((m) => repository.swapBuildStatus(id, 'QUEUE', 'CANCELED', {}, m));
    expect([won, lost]).toEqual([true, false]);
    expect(await repository.buildById(id)).toMatchObject({ status: 'RUNNING', revision: 2 });

    expect(await dataSource.transaction((m) => repository.swapStageStatus(id, 'stage-1', 'QUEUE', 'SUCCEED', {}, m))).toBe(true);
    expect(await dataSource.transaction((m) => repository.swapStageStatus(id, 'stage-1', 'QUEUE', 'FAILED', {}, m))).toBe(false);
    expect(await dataSource.transaction((m) => repository.swapContainerStatus(id, '0', 'QUEUE', 'SUCCEED', {}, m))).toBe(true);
    expect(await dataSource.transaction((m) => repository.swapContainerStatus(id, '0', 'RUNNING', 'FAILED', {}, m))).toBe(false);
    expect(await dataSource.transaction((m) => repository.swapTaskStatus(id, 'T-1-1-1', 'QUEUE', 'SUCCEED', {}, m))).toBe(true);
    expect(await dataSource.transaction((m) => repository.swapTaskStatus(id, 'T-1-1-1', 'QUEUE', 'SUCCEED', {}, m))).toBe(false);
    expect((await repository.stages(id))[0].status).toBe('SUCCEED');
  });

  it('keeps a 4000-character variable whole and replaces a variable it sets again', async () => {
    const { id } = await starts.manualStart(ALICE, PROJECT, cappedId, { values: {} });
    const long = 'x'.repeat(4000);
    await dataSource.transaction((m) => repository.saveVar({ buildId: id, projectId: PROJECT, pipelineId, key: 'LONG', value: long, varType: 'STRING', readOnly: false }, m));
    await dataSource.transaction((m) => repository.saveVar({ buildId: id, projectId: PROJECT, pipelineId, key: 'BK_CI_BUILD_START_TIME', value: '1', varType: null, readOnly: true }, m));
    await dataSource.transaction((m) => repository.saveVar({ buildId: id, projectId: PROJECT, pipelineId, key: 'BK_CI_BUILD_START_TIME', value: '2', varType: null, readOnly: true }, m));
    const vars = await repository.vars(id);
    expect(vars.find((v) => v.key === 'LONG')!.value).toHaveLength(4000);
    expect(vars.filter((v) => v.key === 'BK_CI_BUILD_START_TIME').map((v) => v.value)).toEqual(['2']);
  });

  it('pages the history newest first', async () => {
    const total = await dataSource.getRepository(BuildHistoryEntity).countBy({ pipelineId });
    const [rows, count] = await repository.historyPage(PROJECT, pipelineId, {}, { page: 1, pageSize: 3, offset: 0 });
    expect(count).toBe(total);
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => r.buildNum)).toEqual([total, total - 1, total - 2]);
    const tables = [BuildStageEntity, BuildContainerEntity, BuildTaskEntity, BuildVarEntity];
    for (const table of tables) expect(await dataSource.getRepository(table).countBy({ buildId: rows[0].buildId })).toBeGreaterThan(0);
  });

  it('filters the history by status, trigger, starter, number range and message, as BK-CI history/new', async () => {
    const page = { page: 1, pageSize: 50, offset: 0 };
    const all = await dataSource.getRepository(BuildHistoryEntity).find({ where: { pipelineId, debug: false } });
    const total = all.length;
    expect(total).toBeGreaterThan(2);
    const status = all[0].status;
    const [byStatus, statusCount] = await repository.historyPage(PROJECT, pipelineId, { status: [status] }, page);
    expect(statusCount).toBe(all.filter((b) => b.status === status).length);
    expect(byStatus.every((b) => b.status === status)).toBe(true);
    const [range] = await repository.historyPage(PROJECT, pipelineId, { buildNum: { from: total - 1, to: total } }, page);
    expect(range.map((b) => b.buildNum)).toEqual([total, total - 1]);
    expect((await repository.historyPage(PROJECT, pipelineId, { trigger: ['TIME_TRIGGER'] }, page))[1]).toBe(0);
    expect((await repository.historyPage(PROJECT, pipelineId, { triggerUser: ['alice'], trigger: ['MANUAL'] }, page))[1]).toBe(all.filter((b) => b.triggerUser === 'alice').length);
    expect((await repository.historyPage(PROJECT, pipelineId, { buildMsg: 'no build says this' }, page))[1]).toBe(0);
    const [since] = await repository.historyPage(PROJECT, pipelineId, { queueTime: { from: all[0].queueTime.getTime() - 1000 } }, page);
    expect(since.length).toBe(all.filter((b) => b.queueTime.getTime() >= all[0].queueTime.getTime() - 1000).length);
  });
});
