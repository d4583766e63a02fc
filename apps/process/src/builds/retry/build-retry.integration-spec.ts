import { Caller } from '@bkci/auth';
import { buildModel, TestEnvironment, waitFor } from '@bkci/testing';
import { environmentApp } from '../../../../environment/src/environment.app';
import { PipelineService } from '../../pipelines/pipeline.service';
import { processApp } from '../../process.app';
import { ProjectService } from '../../projects/project.service';
import { BuildCancelService } from '../build-cancel.service';
import { BuildQueryService } from '../build-query.service';
import { BuildStartService } from '../build-start.service';
import { BuildRepository } from '../build.repository';
import { BuildRetryService } from './build-retry.service';

const ALICE: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false };
const PROJECT = 'retrying';

/**
 * The retry service and the engine on a real database, without agents: the VM job of a retried
 * build is dispatched again and waits for an agent, so a build is cancelled, retried, cancelled
 * and retried again, and each execution's record stays readable.
 */
describe('retrying a build', () => {
  const env = new TestEnvironment();
  let builds: BuildRepository;
  let retries: BuildRetryService;
  let cancels: BuildCancelService;
  let queries: BuildQueryService;
  let starts: BuildStartService;
  let pipelineId: string;

  const untilJobWaits = (buildId: string, executeCount: number) =>
    waitFor(
      async () => {
        const job = await builds.container(buildId, '1');
        return job?.status === 'LOOP_WAITING' && job.executeCount === executeCount;
      },
      5000,
      `the job of execution ${executeCount} to wait for an agent`,
    );
  const untilStatus = (buildId: string, status: string) => waitFor(async () => (await builds.buildById(buildId))?.status === status, 5000, `build ${buildId} to be ${status}`);

  beforeAll(async () => {
    const environmentPort = await env.reservePort('environment');
    const { app } = await env.start(processApp);
    await env.start(environmentApp, environmentPort);
    builds = app.get(BuildRepository);
    retries = app.get(BuildRetryService);
    cancels = app.get(BuildCancelService);
    queries = app.get(BuildQueryService);
    starts = app.get(BuildStartService);
    await app.get(ProjectService).create(ALICE, { projectName: 'Retrying', englishName: PROJECT });
    ({ pipelineId } = await app.get(PipelineService).create(ALICE, PROJECT, { model: buildModel('retried') }));
  });

  afterAll(() => env.close());

  it('refuses a running build, retries a cancelled one twice, and keeps the record of every execution', async () => {
    const { id: buildId } = await starts.manualStart(ALICE, PROJECT, pipelineId, { values: {} });
    await untilJobWaits(buildId, 1);
    await expect(retries.retry(ALICE, PROJECT, pipelineId, buildId, { failedContainer: false, skip: false })).rejects.toMatchObject({ code: 2101129, httpStatus: 409 });

    await cancels.cancel(ALICE, PROJECT, pipelineId, buildId);
    await untilStatus(buildId, 'CANCELED');
    expect(await retries.retry(ALICE, PROJECT, pipelineId, buildId, { failedContainer: false, skip: false })).toEqual({ id: buildId, num: 1, executeCount: 2, projectId: PROJECT, pipelineId });
    await untilJobWaits(buildId, 2);
    expect((await builds.stages(buildId)).map((s) => [s.status, s.executeCount])).toEqual([
      ['SUCCEED', 1],
      ['RUNNING', 2],
    ]);
    expect((await builds.tasks(buildId)).map((t) => [t.taskId.replace(/^e-.*/, 'step'), t.status, t.executeCount])).toEqual([
      ['T-1-1-1', 'SUCCEED', 1],
      ['startVM-1', 'CALL_WAITING', 2],
      ['step', 'QUEUE', 2],
      ['end-1000', 'QUEUE', 2],
      ['stopVM-1001', 'QUEUE', 2],
    ]);
    expect((await builds.vars(buildId)).find((v) => v.key === 'BK_CI_RETRY_COUNT')?.value).toBe('1');

    await cancels.cancel(ALICE, PROJECT, pipelineId, buildId);
    await untilStatus(buildId, 'CANCELED');
    expect((await retries.retry(ALICE, PROJECT, pipelineId, buildId, { taskId: 'stage-2', failedContainer: true, skip: false })).executeCount).toBe(3);
    await untilJobWaits(buildId, 3);

    for (const executeCount of [1, 2]) {
      const record = await queries.record(PROJECT, pipelineId, buildId, executeCount);
      expect(record).toMatchObject({ status: 'CANCELED', executeCount });
      expect(record.stageStatus.map((s) => s.status)).toEqual(['SUCCEED', 'CANCELED']);
      expect(record.model.stages[1].containers[0]).toMatchObject({ status: 'CANCELED', executeCount });
    }
    expect(await queries.record(PROJECT, pipelineId, buildId, 3)).toMatchObject({ status: 'RUNNING', executeCount: 3 });
    expect((await builds.buildById(buildId))!.endTime).toBeNull();
    await cancels.cancel(ALICE, PROJECT, pipelineId, buildId);
    await untilStatus(buildId, 'CANCELED');
  });
});
