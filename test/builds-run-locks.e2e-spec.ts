import request from 'supertest';
import type { Model, PipelineSetting, Stage, TriggerContainer } from '@bkci/pipeline-model';
import { buildModel, memberToken, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { BuildHistoryEntity } from '../apps/process/src/builds/entities/build-history.entity';
import { processApp } from '../apps/process/src/process.app';
import { ADMIN, buildStatus } from './builds.fixtures';

const PROJECT = 'locks';
const VERSION_API = `/ms/process/api/user/version/projects/${PROJECT}`;
const builds = (pipelineId: string) => `/ms/process/api/user/builds/${PROJECT}/${pipelineId}`;

/** A model whose builds end by themselves: its only stage after the trigger is disabled. */
function selfEndingModel(name: string): Model {
  const model = buildModel(name);
  (model.stages[1] as Stage).stageControlOption = { enable: false } as never;
  return model;
}

/**
 * The run locks through the gateway, with pipelines made the way BK-CI's console makes them
 * (saveDraft with model and setting, then releaseVersion): SINGLE and GROUP_LOCK queues, the
 * queue-full refusal, cancel-in-progress, and a timer fired by two process replicas.
 */
describe('run locks and timers through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let dataSource: DataSource;
  let developer: Record<string, string>;

  const statusOf = (buildId: string) => buildStatus(dataSource, buildId);
  const untilStatus = (buildId: string, status: string) => waitFor(async () => (await statusOf(buildId)) === status, 10_000, `build ${buildId} to be ${status}`);
  const staysQueued = async (buildId: string) => {
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await statusOf(buildId)).toBe('QUEUE');
  };

  /** Saves a draft (of a new pipeline, or of `existing`) and releases it. */
  async function release(model: Model, setting: Partial<PipelineSetting>, existing?: string): Promise<string> {
    const fullSetting = { pipelineName: model.name, desc: '', runLockType: 'MULTIPLE', ...setting };
    const saved = await request(gateway).post(`${VERSION_API}/saveDraft`).set(developer).send({ pipelineId: existing, storageType: 'MODEL', modelAndSetting: { model, setting: fullSetting } });
    expect(saved.status).toBe(201);
    const { pipelineId, version } = saved.body.data;
    const released = await request(gateway).post(`${VERSION_API}/pipelines/${pipelineId}/releaseVersion/${version}`).set(developer).send({ enablePac: false });
    expect(released.status).toBe(201);
    return pipelineId;
  }
  const start = async (pipelineId: string, values: object = {}) => {
    const started = await request(gateway).post(builds(pipelineId)).set(developer).send(values);
    expect(started.status).toBe(200);
    return started.body.data.id as string;
  };
  const stop = async (pipelineId: string, buildId: string) => expect((await request(gateway).delete(`${builds(pipelineId)}/${buildId}`).set(developer)).status).toBe(200);
  const waitReason = async (pipelineId: string, buildId: string) => {
    const record = await request(gateway).get(`/ms/process/api/user/builds/projects/${PROJECT}/pipelines/${pipelineId}/builds/${buildId}/record`).set(developer);
    expect(record.status).toBe(200);
    return record.body.data.stageStatus[0].showMsg as string | null;
  };

  beforeAll(async () => {
    // Two replicas of process, as a deployment runs them: both run the engine's ticker and the timers.
    dataSource = (await env.start(processApp)).app.get(DataSource);
    await env.start(processApp);
    gateway = (await env.start(openapiApp)).url;
    expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Locks', englishName: PROJECT })).status).toBe(201);
    developer = await memberToken(gateway, PROJECT, 'devi', 'developer');
  });

  afterAll(() => env.close());

  it('SINGLE: the second build waits at QUEUE, saying why, until the first is stopped, then runs', async () => {
    const pipelineId = await release(buildModel('single'), { runLockType: 'SINGLE' });
    const first = await start(pipelineId);
    await untilStatus(first, 'RUNNING');
    const second = await start(pipelineId);
    await staysQueued(second);
    expect(await waitReason(pipelineId, second)).toBe('Queued: the current build is in the lineup');
    await stop(pipelineId, first);
    await untilStatus(second, 'RUNNING');
    expect(await waitReason(pipelineId, second)).toBeNull();
    await stop(pipelineId, second);
  });

  it('SINGLE with a queue of 0 refuses a start while a build runs: 2101049', async () => {
    const pipelineId = await release(buildModel('closed'), { runLockType: 'SINGLE', maxQueueSize: 0 });
    const first = await start(pipelineId);
    await untilStatus(first, 'RUNNING');
    const refused = await request(gateway).post(builds(pipelineId)).set(developer).send({});
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ status: 2101049, message: 'Pipeline start failed: [Pipeline: pipeline queue is full]' });
    await stop(pipelineId, first);
  });

  it('GROUP_LOCK: one build of the group across pipelines; with cancel-in-progress a new build cancels the running one', async () => {
    const group = { runLockType: 'GROUP_LOCK' as const, concurrencyGroup: 'deploy-${{ ci.project_id }}' };
    const a = await release(buildModel('group-a'), group);
    const b = await release(buildModel('group-b'), group);
    const first = await start(a);
    await untilStatus(first, 'RUNNING');
    const second = await start(b);
    await staysQueued(second);
    expect(await waitReason(b, second)).toBe(`Queued: The current build is queued for concurrent group (deploy-${PROJECT})`);
    await stop(a, first);
    await untilStatus(second, 'RUNNING');
    await stop(b, second);

    const hasty = await release(buildModel('hasty'), { runLockType: 'GROUP_LOCK', concurrencyGroup: 'hasty', concurrencyCancelInProgress: true });
    const old = await start(hasty);
    await untilStatus(old, 'RUNNING');
    const fresh = await start(hasty);
    await untilStatus(old, 'CANCELED');
    await untilStatus(fresh, 'RUNNING');
    await stop(hasty, fresh);
  });

  it('a released timer starts one TIME_TRIGGER build per fire time with two replicas scheduling, and stops with a release without it', async () => {
    const model = selfEndingModel('timed');
    const withTimer = structuredClone(model);
    // BK-CI's advanced rule: any Quartz expression (here every 2 seconds).
    (withTimer.stages[0].containers[0] as TriggerContainer).elements.push({ '@type': 'timerTrigger', id: 'T-1-1-2', name: 'timer', advanceExpression: ['0/2 * * * * ?'] });
    const releasedAt = Date.now();
    const pipelineId = await release(withTimer, { runLockType: 'MULTIPLE' });
    const timed = () => dataSource.getRepository(BuildHistoryEntity).find({ where: { pipelineId, startType: 'TIME_TRIGGER' }, order: { buildNum: 'ASC' } });
    await waitFor(async () => (await timed()).length >= 3, 15_000, 'three timer builds');
    await release(model, { runLockType: 'MULTIPLE' }, pipelineId);
    const removedAt = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const runs = await timed();
    // At most one build per even second between the two releases, and none after.
    expect(runs.length).toBeLessThanOrEqual(Math.floor((removedAt - releasedAt) / 2000) + 1);
    expect(runs.every((run) => run.queueTime.getTime() <= removedAt + 1000)).toBe(true);
    expect(runs.every((run) => run.startUser === 'devi' && run.firstTaskId === 'T-1-1-2' && run.buildMsg === 'Timing trigger')).toBe(true);
    for (const run of runs) await untilStatus(run.buildId, 'SUCCEED');
  });
});
