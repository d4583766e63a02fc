import { spawn } from 'node:child_process';
import request from 'supertest';
import Redis from 'ioredis';
import { RedisLockService } from '@bkci/locking';
import { createDataSource, dataSourceOptions } from '@bkci/persistence';
import { AppProcess, buildModel, sleep, TEST_ADMIN_TOKEN, TEST_PROFILE, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource, In, Like } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { PipelineInfoEntity } from '../apps/process/src/pipelines/entities/pipeline-info.entity';
import { TemplatePipelineEntity } from '../apps/process/src/pipelines/entities/template-pipeline.entity';
import { processApp } from '../apps/process/src/process.app';
import { TemplateInstanceBaseEntity } from '../apps/process/src/templates/instances/entities/template-instance-base.entity';
import { TemplateInstanceItemEntity } from '../apps/process/src/templates/instances/entities/template-instance-item.entity';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'fault';
const TEMPLATES = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;
const INSTANCES = `/ms/process/api/user/template/instances/v2/projects/${PROJECT}`;
const BATCH = 400;
/** Big enough to be still running when `rabbitmqctl stop_app` returns, seconds after it was asked. */
const LONG_BATCH = 1000;
const BROKER_OUTAGE_MS = 6_000;

interface Template {
  templateId: string;
  version: number;
}

/**
 * An accepted batch survives real faults: `process` runs in a process of its own and is killed
 * with SIGKILL mid-batch, and RabbitMQ is stopped for several seconds while batches are accepted
 * and processed. Every item ends SUCCESS and each pipeline exists exactly once. The test watches
 * progress in `process`'s database through a connection of its own.
 */
describe('asynchronous instantiation under faults', () => {
  // Batches of hundreds of pipelines on a loaded machine, plus a restart or a broker outage.
  jest.setTimeout(180_000);
  // Small chunks, so that a fault can land between two of them.
  const env = new TestEnvironment({ BKCI_TEMPLATE_INSTANCE_CHUNK: '10' });
  let gateway: string;
  let consumer: AppProcess;
  let database: DataSource;

  const base = (baseId: string) => database.manager.findOneByOrFail(TemplateInstanceBaseEntity, { id: baseId });
  const settled = (baseId: string) => database.manager.countBy(TemplateInstanceItemEntity, { baseId, status: 'SUCCESS' });

  beforeAll(async () => {
    consumer = await env.spawn('process');
    gateway = (await env.start(openapiApp)).url;
    database = await createDataSource(dataSourceOptions(env.config('process').database, processApp.schema));
    await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Fault', englishName: PROJECT });
  });

  afterAll(async () => {
    await database?.destroy();
    await env.close();
  });

  async function releasedTemplate(name: string): Promise<Template> {
    const created = await request(gateway).post(`${TEMPLATES}/create`).set(ADMIN).send({ type: 'PIPELINE', name });
    const templateId: string = created.body.data.templateId;
    const saved = await request(gateway).put(`${TEMPLATES}/saveDraft`).query({ templateId }).set(ADMIN).send({ type: 'PIPELINE', model: buildModel(name) });
    const released = await request(gateway).post(`${TEMPLATES}/${templateId}/releaseVersion/${saved.body.data.version}`).set(ADMIN).send({});
    expect(released.body.status).toBe(0);
    return { templateId, version: released.body.data.version };
  }

  async function submit({ templateId, version }: Template, prefix: string, size: number): Promise<string> {
    const accepted = await request(gateway)
      .post(`${INSTANCES}/templates/async/${templateId}`)
      .query({ version })
      .set(ADMIN)
      .send({ instanceReleaseInfos: Array.from({ length: size }, (_, i) => ({ pipelineName: `${prefix}-${i}` })) });
    expect(accepted.status).toBe(200);
    return accepted.body.data;
  }

  async function expectAllDoneOnce(baseId: string, prefix: string, size: number): Promise<void> {
    await waitFor(async () => (await base(baseId)).status === 'SUCCESS', 120_000, `batch ${baseId} to succeed`);
    expect(await base(baseId)).toMatchObject({ successItemNum: size, failItemNum: 0 });
    expect(await settled(baseId)).toBe(size);
    const pipelines = await database.manager.findBy(PipelineInfoEntity, { projectId: PROJECT, pipelineName: Like(`${prefix}-%`) });
    expect(pipelines).toHaveLength(size);
    expect(new Set(pipelines.map((p) => p.pipelineName)).size).toBe(size);
    const relations = await database.manager.countBy(TemplatePipelineEntity, { projectId: PROJECT, pipelineId: In(pipelines.map((p) => p.pipelineId)) });
    expect(relations).toBe(size);
  }

  it(`finishes a batch of ${BATCH} when the consuming app is SIGKILLed mid-way and started again`, async () => {
    const baseId = await submit(await releasedTemplate('killed'), 'killed', BATCH);
    await waitFor(async () => (await settled(baseId)) >= 1, 60_000, 'the batch to get going');
    await consumer.kill();
    const afterKill = await settled(baseId);
    expect(afterKill).toBeGreaterThan(0);
    expect(afterKill).toBeLessThan(BATCH);
    await consumer.restart();
    await expectAllDoneOnce(baseId, 'killed', BATCH);
  });

  // The embedded profile keeps its locks inside the app's process, and has no broker to stop.
  if (TEST_PROFILE === 'services') {
    it(`starts an accepted batch of ${BATCH} after the consuming app is SIGKILLed before it could start`, async () => {
      const template = await releasedTemplate('waiting');
      // The test holds the template's batch lock, so the batch is certainly still waiting when the app is killed.
      const { redis: settings } = env.config('process');
      const redis = new Redis(settings.url);
      const lock = await new RedisLockService(redis, settings.keyPrefix).acquire(`pipeline.template.instance.lock.${PROJECT}.${template.templateId}`);
      let baseId: string;
      try {
        baseId = await submit(template, 'waiting', BATCH);
        expect(await base(baseId)).toMatchObject({ status: 'INIT', successItemNum: 0 });
        await consumer.kill();
      } finally {
        await lock.release();
        redis.disconnect();
      }
      await consumer.restart();
      await expectAllDoneOnce(baseId, 'waiting', BATCH);
    });

    it(`keeps answering while RabbitMQ is down for ${BROKER_OUTAGE_MS / 1000} s, and finishes the batch it was running and one accepted meanwhile`, async () => {
      const running = await submit(await releasedTemplate('broker'), 'before', LONG_BATCH);
      const other = await releasedTemplate('outage');
      await waitFor(async () => (await settled(running)) >= 1, 60_000, 'the batch to get going');

      let accepted: string;
      try {
        await rabbitmqctl('stop_app');
        const stoppedAt = Date.now();
        expect(await settled(running)).toBeLessThan(LONG_BATCH);
        const health = await request(gateway).get('/ms/process/api/health').set(ADMIN);
        expect(health.status).toBe(503);
        expect(health.body.data).toEqual({ database: 'up', bus: 'down', lock: 'up' });
        const progress = await request(gateway).get(`${INSTANCES}/task/${running}/result`).set(ADMIN);
        expect(progress.status).toBe(200);
        expect(progress.body.data).toMatchObject({ id: running, totalItemNum: LONG_BATCH });
        accepted = await submit(other, 'during', BATCH);
        await sleep(BROKER_OUTAGE_MS - (Date.now() - stoppedAt));
        expect(consumer.running).toBe(true);
      } finally {
        await rabbitmqctl('start_app');
      }
      await waitFor(async () => (await request(gateway).get('/ms/process/api/health').set(ADMIN)).status === 200, 30_000, 'process to reconnect to RabbitMQ');
      await expectAllDoneOnce(running, 'before', LONG_BATCH);
      await expectAllDoneOnce(accepted, 'during', BATCH);
    });
  }
});

/** Runs `rabbitmqctl <command>` without blocking the test's event loop. */
function rabbitmqctl(command: 'stop_app' | 'start_app'): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('rabbitmqctl', ['-q', command], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`rabbitmqctl ${command} exited ${code}: ${stderr}`))));
  });
}
