import { Caller } from '@bkci/auth';
import { defaultModel, Model, MutexGroup, TriggerContainer } from '@bkci/pipeline-model';
import { TestEnvironment, waitFor } from '@bkci/testing';
import { environmentApp } from '../../../../../environment/src/environment.app';
import { PipelineService } from '../../../pipelines/pipeline.service';
import { processApp } from '../../../process.app';
import { ProjectService } from '../../../projects/project.service';
import { BuildCancelService } from '../../build-cancel.service';
import { BuildStartService } from '../../build-start.service';
import { BuildRepository } from '../../build.repository';
import { JobMutexRepository } from './job-mutex.repository';

const ALICE: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false };
const PROJECT = 'mutexes';

/** A pipeline of one VM job (`job_1`, container "1") in mutex group `mutex`, with a TARGET parameter. */
function mutexModel(name: string, mutex: Partial<MutexGroup>): Model {
  const model = defaultModel(name);
  (model.stages[0].containers[0] as TriggerContainer).params = [{ id: 'TARGET', required: true, type: 'STRING', defaultValue: 'prod' }];
  model.stages.push({
    id: 'stage-2',
    name: 'deploy',
    containers: [
      {
        '@type': 'vmBuild',
        id: '1',
        containerHashId: `c-${'1'.padStart(32, '0')}`,
        jobId: 'job_1',
        name: 'deploy',
        baseOS: 'LINUX',
        mutexGroup: { enable: true, mutexGroupName: 'deploy-${TARGET}', queueEnable: true, queue: 2, timeout: 10, ...mutex },
        elements: [{ '@type': 'linuxScript', id: `e-${'1'.padStart(32, '0')}`, name: 'deploy', scriptType: 'SHELL', script: 'echo deploy' }],
      },
    ],
  });
  return model;
}

/**
 * The mutex control with the real engine and database (no agent: a job that takes the mutex goes on
 * to wait for an agent, holding it): queue order, refusals, hand-over on cancel, and healing.
 */
describe('job mutex groups', () => {
  const env = new TestEnvironment();
  let builds: BuildRepository;
  let mutexes: JobMutexRepository;
  let starts: BuildStartService;
  let cancels: BuildCancelService;
  let pipelines: PipelineService;

  const job = async (buildId: string) => (await builds.container(buildId, '1'))!;
  const holderOf = async (mutexName: string) => (await mutexes.holder({ projectId: PROJECT, mutexName }))?.buildId ?? null;
  const start = async (pipelineId: string, values: Record<string, string> = {}) => (await starts.manualStart(ALICE, PROJECT, pipelineId, { values })).id;
  const untilReason = (buildId: string, reason: string) =>
    waitFor(async () => (await job(buildId)).statusReason === reason, 5000, `build ${buildId}'s job to say: ${reason}`).catch(async (error: Error) => {
      const { status, statusReason } = await job(buildId);
      throw new Error(`${error.message}; it is ${status}: ${statusReason}`);
    });
  const untilHolder = (mutexName: string, buildId: string) => waitFor(async () => (await holderOf(mutexName)) === buildId, 5000, `build ${buildId} to hold ${mutexName}`);

  beforeAll(async () => {
    const environmentPort = await env.reservePort('environment');
    const { app } = await env.start(processApp);
    await env.start(environmentApp, environmentPort);
    builds = app.get(BuildRepository);
    mutexes = app.get(JobMutexRepository);
    starts = app.get(BuildStartService);
    cancels = app.get(BuildCancelService);
    pipelines = app.get(PipelineService);
    await app.get(ProjectService).create(ALICE, { projectName: 'Mutexes', englishName: PROJECT });
  });

  afterAll(() => env.close());

  it('queues jobs first come first served up to the queue size, refuses the next, and hands the mutex on in order, telling the waiters', async () => {
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model: mutexModel('queue', {}) });
    const first = await start(pipelineId);
    await untilHolder('deploy-prod', first);
    const second = await start(pipelineId);
    await untilReason(second, 'waiting for mutex "deploy-prod" held by build #1 job job_1 (1 of 1 in the queue)');
    const third = await start(pipelineId);
    await untilReason(third, 'waiting for mutex "deploy-prod" held by build #1 job job_1 (2 of 2 in the queue)');
    await untilReason(second, 'waiting for mutex "deploy-prod" held by build #1 job job_1 (1 of 2 in the queue)');
    expect([(await job(second)).status, (await job(third)).status]).toEqual(['LOOP_WAITING', 'LOOP_WAITING']);

    const refused = await start(pipelineId);
    await untilReason(refused, 'mutex "deploy-prod" held by build #1 job job_1: queue full (2 of 2 waiting)');
    expect((await job(refused)).status).toBe('FAILED');
    await waitFor(async () => (await builds.buildById(refused))!.status === 'FAILED', 5000, 'the refused build to fail');

    // Another name is another mutex.
    const elsewhere = await start(pipelineId, { TARGET: 'dev' });
    await untilHolder('deploy-dev', elsewhere);

    await cancels.cancel(ALICE, PROJECT, pipelineId, first);
    await untilHolder('deploy-prod', second);
    await untilReason(third, 'waiting for mutex "deploy-prod" held by build #2 job job_1 (1 of 1 in the queue)');
    await cancels.cancel(ALICE, PROJECT, pipelineId, second);
    await untilHolder('deploy-prod', third);

    for (const buildId of [third, elsewhere]) await cancels.cancel(ALICE, PROJECT, pipelineId, buildId);
    await waitFor(async () => (await holderOf('deploy-prod')) === null && (await holderOf('deploy-dev')) === null, 5000, 'every mutex to be free');
    expect(await mutexes.awaited()).toEqual([]);
  });

  it('fails a job at once when its group does not queue', async () => {
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model: mutexModel('no-queue', { mutexGroupName: 'solo', queueEnable: false }) });
    const holder = await start(pipelineId);
    await untilHolder('solo', holder);
    const refused = await start(pipelineId);
    await untilReason(refused, 'mutex "solo" held by build #1 job job_1: queue disabled');
    expect((await job(refused)).status).toBe('FAILED');
    await cancels.cancel(ALICE, PROJECT, pipelineId, holder);
    await waitFor(async () => (await holderOf('solo')) === null, 5000, 'the mutex to be free');
  });

  it('drops a holder whose job ended without letting go, the next time the mutex is wanted', async () => {
    const { pipelineId } = await pipelines.create(ALICE, PROJECT, { model: mutexModel('healing', { mutexGroupName: 'healed' }) });
    const taken = await mutexes.take({ projectId: PROJECT, mutexName: 'healed', buildId: 'b-gone', containerId: '1', pipelineId, buildNum: 99, jobId: 'job_1', acquiredAt: new Date() });
    expect(taken).toBe(true);
    const buildId = await start(pipelineId);
    await untilHolder('healed', buildId);
    await cancels.cancel(ALICE, PROJECT, pipelineId, buildId);
    await waitFor(async () => (await holderOf('healed')) === null, 5000, 'the mutex to be free');
  });
});
