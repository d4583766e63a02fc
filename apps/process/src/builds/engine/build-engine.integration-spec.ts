import { Caller } from '@bkci/auth';
import { defaultModel, Model, Stage, TriggerContainer } from '@bkci/pipeline-model';
import { buildModel, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { defaultSetting } from '../../pipelines/pipeline-resource';
import { PipelineService } from '../../pipelines/pipeline.service';
import { environmentApp } from '../../../../environment/src/environment.app';
import { processApp } from '../../process.app';
import { ProjectService } from '../../projects/project.service';
import { BuildStartService } from '../build-start.service';
import { BuildRepository } from '../build.repository';
import { BuildCancelService } from '../build-cancel.service';
import { LOCAL_AGENT } from '@bkci/contracts';
import { DispatchRepository } from '../dispatch/dispatch.repository';
import { BuildDispatchAgentEntity } from '../entities/build-dispatch-agent.entity';
import { QUEUED_JOB_REFRESH_MS } from './build-monitor';
import { BuildStageControl } from './build-stage.control';

const ALICE: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false };
const PROJECT = 'engine';

/** A stage of one VM job, its ids made from `n`. */
function jobStage(n: number, extra: Partial<Stage> = {}): Stage {
  const hex = String(n).padStart(32, '0');
  return {
    id: `stage-${n + 1}`,
    name: `stage ${n}`,
    containers: [
      {
        '@type': 'vmBuild',
        id: String(n),
        containerHashId: `c-${hex}`,
        jobId: `job_${n}`,
        name: `job ${n}`,
        baseOS: 'LINUX',
        elements: [{ '@type': 'linuxScript', id: `e-${hex}`, name: `step ${n}`, scriptType: 'SHELL', script: `echo ${n}` }],
      },
    ],
    ...extra,
  };
}

function modelOf(name: string, stages: Stage[]): Model {
  const model = defaultModel(name);
  model.stages.push(...stages);
  return model;
}

describe('the build engine: start, stages in order, finish', () => {
  const env = new TestEnvironment();
  let builds: BuildRepository;
  let starts: BuildStartService;
  let stageControl: BuildStageControl;
  let pipelines: PipelineService;
  let cancels: BuildCancelService;
  let dispatches: DispatchRepository;
  let dataSource: DataSource;

  const statusOf = async (buildId: string) => (await builds.buildById(buildId))!.status;
  const stageStatuses = async (buildId: string) => (await builds.stages(buildId)).map((s) => s.status);
  const untilStatus = (buildId: string, status: string) => waitFor(async () => (await statusOf(buildId)) === status, 5000, `build ${buildId} to be ${status}`);
  async function run(model: Model): Promise<{ pipelineId: string; buildId: string }> {
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model });
    const { id } = await starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} });
    return { pipelineId, buildId: id };
  }
  /** What a job's end does (the stage control's part is tested here): the job, waiting for an agent, takes a final status and its stage is refreshed. */
  async function endJob(buildId: string, pipelineId: string, stageId: string, containerId: string, status: 'SUCCEED' | 'FAILED'): Promise<void> {
    await waitFor(async () => (await builds.container(buildId, containerId))?.status === 'LOOP_WAITING', 5000, `job ${containerId} to wait for an agent`);
    const ended = await builds.swapContainerStatus(buildId, containerId, 'LOOP_WAITING', status, { endTime: new Date() });
    expect(ended).toBe(true);
    await stageControl.handle({ projectId: PROJECT, pipelineId, buildId, stageId, actionType: 'REFRESH', executeCount: 1 });
  }

  beforeAll(async () => {
    // VM jobs are dispatched to the default pool, which environment knows (empty here: the jobs wait for an agent).
    const environmentPort = await env.reservePort('environment');
    const { app } = await env.start(processApp);
    await env.start(environmentApp, environmentPort);
    builds = app.get(BuildRepository);
    starts = app.get(BuildStartService);
    stageControl = app.get(BuildStageControl);
    pipelines = app.get(PipelineService);
    cancels = app.get(BuildCancelService);
    dispatches = app.get(DispatchRepository);
    dataSource = app.get(DataSource);
    await app.get(ProjectService).create(ALICE, { projectName: 'Engine', englishName: PROJECT });
  });

  afterAll(() => env.close());

  it('runs the trigger, starts the next stage and dispatches its VM job, which waits for an agent saying why', async () => {
    const { buildId } = await run(buildModel('one-job'));
    await waitFor(async () => (await builds.container(buildId, '1'))?.status === 'LOOP_WAITING', 5000, 'the VM job to wait for an agent');
    expect(await stageStatuses(buildId)).toEqual(['SUCCEED', 'RUNNING']);
    expect((await builds.container(buildId, '1'))!.statusReason).toBe('waiting for an agent: the default pool has no imported agent');
    const build = (await builds.buildById(buildId))!;
    expect(build.status).toBe('RUNNING');
    expect(build.startTime).not.toBeNull();
    expect(build.endTime).toBeNull();
    expect((await builds.containers(buildId)).map((c) => [c.containerId, c.status])).toEqual([
      ['0', 'SUCCEED'],
      ['1', 'LOOP_WAITING'],
    ]);
    expect((await builds.tasks(buildId)).map((t) => [t.taskId, t.status])).toEqual([
      ['T-1-1-1', 'SUCCEED'],
      ['startVM-1', 'CALL_WAITING'],
      ['e-0123456789abcdef0123456789abcdef', 'QUEUE'],
      ['end-1000', 'QUEUE'],
      ['stopVM-1001', 'QUEUE'],
    ]);
    // The variable keeps milliseconds; MariaDB's DATETIME keeps whole seconds of the same instant.
    const startTime = (await builds.vars(buildId)).find((v) => v.key === 'BK_CI_BUILD_START_TIME')!;
    expect(startTime.readOnly).toBe(true);
    expect(Math.floor(Number(startTime.value) / 1000)).toBe(Math.floor(build.startTime!.getTime() / 1000));
  });

  it('finishes SUCCEED at once when nothing follows the trigger, and moves a SUCCESS_BUILD_INCREMENT number on', async () => {
    const model = defaultModel('trigger-only');
    (model.stages[0].containers[0] as TriggerContainer).buildNo = { buildNo: 5, buildNoType: 'SUCCESS_BUILD_INCREMENT' };
    const { pipelineId, buildId } = await run(model);
    await untilStatus(buildId, 'SUCCEED');
    const build = (await builds.buildById(buildId))!;
    expect(build.endTime!.getTime()).toBeGreaterThanOrEqual(build.startTime!.getTime());
    expect(await stageStatuses(buildId)).toEqual(['SUCCEED']);
    const buildNoOf = async (id: string) => (await builds.vars(id)).find((v) => v.key === 'BK_CI_BUILD_NO')?.value;
    expect(await buildNoOf(buildId)).toBe('5');
    const second = await starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} });
    await untilStatus(second.id, 'SUCCEED');
    expect(await buildNoOf(second.id)).toBe('6');
    expect((await builds.summary(pipelineId))!.buildNo).toBe(7);
  });

  it('skips a disabled stage and a stage whose only job is disabled, and finishes SUCCEED', async () => {
    const disabledJob = jobStage(2);
    disabledJob.containers[0].elements[0].additionalOptions = { enable: false } as never;
    const { buildId } = await run(modelOf('skips', [jobStage(1, { stageControlOption: { enable: false } as never }), disabledJob]));
    await untilStatus(buildId, 'SUCCEED');
    expect(await stageStatuses(buildId)).toEqual(['SUCCEED', 'SKIP', 'SKIP']);
    expect((await builds.containers(buildId)).map((c) => c.status)).toEqual(['SUCCEED', 'SKIP', 'SKIP']);
    expect((await builds.tasks(buildId)).map((t) => t.taskId)).toEqual(['T-1-1-1']);
  });

  it('runs stages in order as their jobs end, and after a failure goes to the finally stage and ends FAILED', async () => {
    const { pipelineId, buildId } = await run(modelOf('ordered', [jobStage(1), jobStage(2), jobStage(3), jobStage(4, { finally: true })]));
    await waitFor(async () => (await stageStatuses(buildId)).join() === 'SUCCEED,RUNNING,QUEUE,QUEUE,QUEUE', 5000, 'stage-2 to run');

    await endJob(buildId, pipelineId, 'stage-2', '1', 'SUCCEED');
    await waitFor(async () => (await stageStatuses(buildId)).join() === 'SUCCEED,SUCCEED,RUNNING,QUEUE,QUEUE', 5000, 'stage-3 to run');

    await endJob(buildId, pipelineId, 'stage-3', '2', 'FAILED');
    await waitFor(async () => (await stageStatuses(buildId)).join() === 'SUCCEED,SUCCEED,FAILED,QUEUE,RUNNING', 5000, 'the finally stage to run');
    expect(await statusOf(buildId)).toBe('RUNNING');

    await endJob(buildId, pipelineId, 'stage-5', '4', 'SUCCEED');
    await untilStatus(buildId, 'FAILED');
    expect(await stageStatuses(buildId)).toEqual(['SUCCEED', 'SUCCEED', 'FAILED', 'QUEUE', 'SUCCEED']);
    expect((await builds.buildById(buildId))!.endTime).not.toBeNull();
  });

  it('ignores a refresh while a stage still has a job to finish, and a repeated start', async () => {
    const { pipelineId, buildId } = await run(modelOf('two-jobs', [{ ...jobStage(1), containers: [...jobStage(1).containers, ...jobStage(2).containers] }]));
    await waitFor(async () => (await stageStatuses(buildId)).join() === 'SUCCEED,RUNNING', 5000, 'stage-2 to run');
    await endJob(buildId, pipelineId, 'stage-2', '1', 'SUCCEED');
    expect(await stageStatuses(buildId)).toEqual(['SUCCEED', 'RUNNING']);
    await stageControl.handle({ projectId: PROJECT, pipelineId, buildId, stageId: 'stage-2', actionType: 'START', executeCount: 1 });
    expect(await stageStatuses(buildId)).toEqual(['SUCCEED', 'RUNNING']);
    await endJob(buildId, pipelineId, 'stage-2', '2', 'SUCCEED');
    await untilStatus(buildId, 'SUCCEED');
  });

  it('holds builds over a MULTIPLE pipeline’s cap at QUEUE and starts the oldest when a running one ends', async () => {
    const setting = { ...defaultSetting('capped', ''), maxConRunningQueueSize: 2 };
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model: buildModel('capped'), setting });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) ids.push((await starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} })).id);
    await waitFor(async () => (await Promise.all(ids.map(statusOf))).filter((s) => s === 'RUNNING').length === 2, 5000, 'two builds to run');
    const first = await Promise.all(ids.map(statusOf));
    expect(first.filter((s) => s === 'QUEUE')).toHaveLength(2);
    const [ran, waiting] = [ids.filter((_, i) => first[i] === 'RUNNING'), ids.filter((_, i) => first[i] === 'QUEUE')];

    await waitFor(async () => (await stageStatuses(ran[0])).join() === 'SUCCEED,RUNNING', 5000, 'stage-2 of a running build');
    await endJob(ran[0], pipelineId, 'stage-2', '1', 'SUCCEED');
    await untilStatus(ran[0], 'SUCCEED');
    // The freed slot goes to the oldest waiting build (the lowest number), and only to it.
    const oldest = waiting.sort((a, b) => ids.indexOf(a) - ids.indexOf(b))[0];
    await untilStatus(oldest, 'RUNNING');
    expect(await Promise.all(ids.map(statusOf))).toEqual(ids.map((id) => (id === ran[0] ? 'SUCCEED' : id === waiting[1] ? 'QUEUE' : 'RUNNING')));
  });

  it('skips a stage its run condition rules out, with its jobs, and runs the ones it lets through', async () => {
    const model = modelOf('conditions', [
      jobStage(1, { stageControlOption: { enable: true, runCondition: 'CUSTOM_VARIABLE_MATCH', customVariables: [{ key: 'ENV', value: 'prod' }] } }),
      jobStage(2, { stageControlOption: { enable: true, runCondition: 'CUSTOM_CONDITION_MATCH', customCondition: "variables.ENV == 'dev'" } }),
      jobStage(3, { stageControlOption: { enable: true, runCondition: 'CUSTOM_VARIABLE_MATCH_NOT_RUN', customVariables: [{ key: 'ENV', value: 'dev' }] } }),
    ]);
    (model.stages[0].containers[0] as TriggerContainer).params = [{ id: 'ENV', required: true, type: 'STRING', defaultValue: 'dev' }];
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model });

    const dev = (await starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} })).id;
    await waitFor(async () => (await builds.containers(dev)).map((c) => c.status).join() === 'SUCCEED,SKIP,LOOP_WAITING,QUEUE', 5000, 'stage-2 skipped and stage-3 running');
    expect(await stageStatuses(dev)).toEqual(['SUCCEED', 'SKIP', 'RUNNING', 'QUEUE']);
    await endJob(dev, pipelineId, 'stage-3', '2', 'SUCCEED');
    await untilStatus(dev, 'SUCCEED');
    expect(await stageStatuses(dev)).toEqual(['SUCCEED', 'SKIP', 'SUCCEED', 'SKIP']);

    const prod = (await starts.manualStart(ALICE, PROJECT, pipelineId, { values: { ENV: 'prod' } })).id;
    await waitFor(async () => (await stageStatuses(prod)).join() === 'SUCCEED,RUNNING,QUEUE,QUEUE', 5000, 'stage-2 running');
  });

  it('cancels a running build and a queued one: every unfinished stage, job and step CANCELED, the freed slot handed on', async () => {
    const setting = { ...defaultSetting('cancelled', ''), maxConRunningQueueSize: 1 };
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model: modelOf('cancelled', [jobStage(1), jobStage(2)]), setting });
    const first = (await starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} })).id;
    await waitFor(async () => (await stageStatuses(first)).join() === 'SUCCEED,RUNNING,QUEUE', 5000, 'the first build’s stage-2 to run');
    const second = (await starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} })).id;
    const third = (await starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} })).id;

    await cancels.cancel(ALICE, PROJECT, pipelineId, third);
    await untilStatus(third, 'CANCELED');
    expect(await stageStatuses(third)).toEqual(['CANCELED', 'CANCELED', 'CANCELED']);
    expect(await statusOf(second)).toBe('QUEUE');

    await cancels.cancel(ALICE, PROJECT, pipelineId, first);
    await untilStatus(first, 'CANCELED');
    expect(await stageStatuses(first)).toEqual(['SUCCEED', 'CANCELED', 'CANCELED']);
    expect((await builds.containers(first)).map((c) => c.status)).toEqual(['SUCCEED', 'CANCELED', 'CANCELED']);
    const tasks = await builds.tasks(first);
    expect(tasks.filter((t) => t.containerId === '0').map((t) => t.status)).toEqual(['SUCCEED']);
    expect(tasks.filter((t) => t.containerId !== '0').every((t) => t.status === 'CANCELED' && t.endTime !== null)).toBe(true);
    expect((await builds.buildById(first))!.endTime).not.toBeNull();
    // The slot it held goes to the build waiting behind it.
    await untilStatus(second, 'RUNNING');

    await expect(cancels.cancel(ALICE, PROJECT, pipelineId, first)).rejects.toMatchObject({ code: 2101182, httpStatus: 409 });
  });

  it('skips jobs their run condition rules out, and lets the finally stage’s jobs decide on the failed stage', async () => {
    const conditional = jobStage(1);
    const [runs, skipped] = [jobStage(1).containers[0], jobStage(2).containers[0]];
    Object.assign(runs, { jobControlOption: { enable: true, runCondition: 'CUSTOM_VARIABLE_MATCH', customVariables: [{ key: 'ENV', value: 'dev' }] } });
    Object.assign(skipped, { jobControlOption: { enable: true, runCondition: 'CUSTOM_CONDITION_MATCH', customCondition: "variables.ENV == 'prod'" } });
    conditional.containers = [runs, skipped];
    const cleanup = jobStage(3, { finally: true });
    const [onFailure, onSuccess] = [jobStage(3).containers[0], jobStage(4).containers[0]];
    Object.assign(onFailure, { jobControlOption: { enable: true, runCondition: 'PREVIOUS_STAGE_FAILED' } });
    Object.assign(onSuccess, { jobControlOption: { enable: true, runCondition: 'PREVIOUS_STAGE_SUCCESS' } });
    cleanup.containers = [onFailure, onSuccess];
    const model = modelOf('job-conditions', [conditional, cleanup]);
    (model.stages[0].containers[0] as TriggerContainer).params = [{ id: 'ENV', required: true, type: 'STRING', defaultValue: 'dev' }];
    const { pipelineId, buildId } = await run(model);

    const jobStatuses = async () => (await builds.containers(buildId)).map((c) => c.status).join();
    await waitFor(async () => (await jobStatuses()) === 'SUCCEED,LOOP_WAITING,SKIP,QUEUE,QUEUE', 5000, 'the second job to be skipped');
    expect((await builds.containerTasks(buildId, '2')).every((t) => t.status === 'SKIP')).toBe(true);
    expect(await stageStatuses(buildId)).toEqual(['SUCCEED', 'RUNNING', 'QUEUE']);

    await endJob(buildId, pipelineId, 'stage-2', '1', 'FAILED');
    // The finally stage runs after the failure: its PREVIOUS_STAGE_SUCCESS job is skipped, the other waits to run.
    await waitFor(async () => (await jobStatuses()) === 'SUCCEED,FAILED,SKIP,LOOP_WAITING,SKIP', 5000, 'the finally stage’s jobs to be judged');
    expect(await stageStatuses(buildId)).toEqual(['SUCCEED', 'FAILED', 'RUNNING']);
    await endJob(buildId, pipelineId, 'stage-3', '3', 'SUCCEED');
    await untilStatus(buildId, 'FAILED');
    expect(await stageStatuses(buildId)).toEqual(['SUCCEED', 'FAILED', 'SUCCEED']);
  });

  it('ends CANCELED, saying why, a queued build whose pipeline was deleted before its turn came', async () => {
    const setting = { ...defaultSetting('deleted', ''), runLockType: 'SINGLE' as const };
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model: modelOf('deleted', [jobStage(1)]), setting });
    const first = (await starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} })).id;
    await untilStatus(first, 'RUNNING');
    const second = (await starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} })).id;
    await pipelines.delete(ALICE, PROJECT, pipelineId);
    // The first build's end hands its turn to the second, which finds no model to run.
    await cancels.cancel(ALICE, PROJECT, pipelineId, first);
    await untilStatus(second, 'CANCELED');
    const ended = (await builds.buildById(second))!;
    expect(ended.errorMsg).toMatch(/^the build cannot start: /);
    expect(await stageStatuses(second)).toEqual(['CANCELED', 'CANCELED']);
  });

  // Last: the agent it makes is shared with every project, so jobs after it would not wait.
  it('lets a job waiting for an agent take in one imported after it was queued', async () => {
    const { buildId } = await run(modelOf('waits-for-agent', [jobStage(1)]));
    await waitFor(async () => (await builds.container(buildId, '1'))?.status === 'LOOP_WAITING', 5000, 'the job to wait for an agent');
    const candidates = () => dataSource.getRepository(BuildDispatchAgentEntity).findBy({ buildId });
    expect(await candidates()).toEqual([]);
    const agent = await env.serviceClient().call(LOCAL_AGENT, {}, { onBehalfOf: '' });
    // The monitor's own sweep takes it in (every QUEUED_JOB_REFRESH_MS).
    await waitFor(async () => (await candidates()).length > 0, QUEUED_JOB_REFRESH_MS + 5000, 'the job to take in the new agent');
    expect((await candidates()).map((c) => c.agentId)).toEqual([agent.agentId]);
    // Imported, not yet online: the job waits for it, saying so.
    await waitFor(async () => (await builds.container(buildId, '1'))?.statusReason !== 'waiting for an agent: the default pool has no imported agent', 5000, 'the reason to follow');
    expect(await builds.container(buildId, '1')).toMatchObject({ status: 'LOOP_WAITING', statusReason: `waiting for an agent of the default pool to be online with a free slot (${agent.agentId} is offline)` });
    expect((await dispatches.job(buildId, '1'))!.status).toBe('QUEUE');
  });
});
