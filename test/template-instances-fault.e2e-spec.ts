import { execFileSync } from 'node:child_process';
import request from 'supertest';
import { StartedApp, TEST_ADMIN_TOKEN, TEST_PROFILE, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource, In, Like } from 'typeorm';
import { LockService } from '@bkci/locking';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { PipelineInfoEntity } from '../apps/process/src/pipelines/entities/pipeline-info.entity';
import { TemplatePipelineEntity } from '../apps/process/src/pipelines/entities/template-pipeline.entity';
import { buildModel } from '../apps/process/src/pipelines/pipeline-model.fixtures';
import { processApp } from '../apps/process/src/process.app';
import { TemplateInstanceBaseEntity } from '../apps/process/src/templates/instances/entities/template-instance-base.entity';
import { TemplateInstanceItemEntity } from '../apps/process/src/templates/instances/entities/template-instance-item.entity';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'fault';
const TEMPLATES = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;
const INSTANCES = `/ms/process/api/user/template/instances/v2/projects/${PROJECT}`;
const BATCH = 200;

/**
 * An accepted batch survives its consumer going down mid-way: every item ends SUCCESS and each
 * pipeline exists exactly once.
 */
describe('asynchronous instantiation under faults', () => {
  // Small chunks, so that a fault can land between two of them.
  const env = new TestEnvironment({ BKCI_TEMPLATE_INSTANCE_CHUNK: '10' });
  let gateway: string;
  let process: StartedApp;
  let templateId: string;
  let version: number;

  const dataSource = () => process.app.get(DataSource);
  const settled = async (baseId: string) => (await dataSource().manager.countBy(TemplateInstanceItemEntity, { baseId, status: 'SUCCESS' })) as number;

  beforeAll(async () => {
    process = await env.start(processApp);
    gateway = (await env.start(openapiApp)).url;
    await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Fault', englishName: PROJECT });
    const created = await request(gateway).post(`${TEMPLATES}/create`).set(ADMIN).send({ type: 'PIPELINE', name: 'fault' });
    templateId = created.body.data.templateId;
    const saved = await request(gateway).put(`${TEMPLATES}/saveDraft`).query({ templateId }).set(ADMIN).send({ type: 'PIPELINE', model: buildModel('fault') });
    version = (await request(gateway).post(`${TEMPLATES}/${templateId}/releaseVersion/${saved.body.data.version}`).set(ADMIN).send({})).body.data.version;
  });

  afterAll(() => env.close());

  async function submit(prefix: string): Promise<string> {
    const accepted = await request(gateway)
      .post(`${INSTANCES}/templates/async/${templateId}`)
      .query({ version })
      .set(ADMIN)
      .send({ instanceReleaseInfos: Array.from({ length: BATCH }, (_, i) => ({ pipelineName: `${prefix}-${i}` })) });
    expect(accepted.status).toBe(200);
    return accepted.body.data;
  }

  async function expectAllDoneOnce(baseId: string, prefix: string): Promise<void> {
    await waitFor(async () => (await dataSource().manager.findOneByOrFail(TemplateInstanceBaseEntity, { id: baseId })).status === 'SUCCESS', 180_000, `batch ${baseId} to succeed`);
    const base = await dataSource().manager.findOneByOrFail(TemplateInstanceBaseEntity, { id: baseId });
    expect(base).toMatchObject({ successItemNum: BATCH, failItemNum: 0 });
    expect(await settled(baseId)).toBe(BATCH);
    const pipelines = await dataSource().manager.findBy(PipelineInfoEntity, { projectId: PROJECT, pipelineName: Like(`${prefix}-%`) });
    expect(pipelines).toHaveLength(BATCH);
    expect(new Set(pipelines.map((p) => p.pipelineName)).size).toBe(BATCH);
    const relations = await dataSource().manager.countBy(TemplatePipelineEntity, { projectId: PROJECT, pipelineId: In(pipelines.map((p) => p.pipelineId)) });
    expect(relations).toBe(BATCH);
  }

  it(`resumes an accepted batch of ${BATCH} after the consuming app is killed before it could start`, async () => {
    // The test holds the batch lock (briefly: it expires once its holder is gone), so the batch is
    // certainly still waiting when the app is killed.
    await process.app.get(LockService).acquire(`pipeline.template.instance.lock.${PROJECT}.${templateId}`, { ttlMs: 2_000 });
    const baseId = await submit('waiting');
    expect(await dataSource().manager.findOneByOrFail(TemplateInstanceBaseEntity, { id: baseId })).toMatchObject({ status: 'INIT', successItemNum: 0 });
    process = await env.restart(process);
    await expectAllDoneOnce(baseId, 'waiting');
  });

  // Only with MariaDB can progress be watched while the batch runs (SQLite serialises the reads
  // behind the batch's writes), so only there can the faults be placed mid-batch with certainty.
  if (TEST_PROFILE === 'services') {
    it(`finishes a batch of ${BATCH} when the consuming app is killed mid-way and started again`, async () => {
      const baseId = await submit('killed');
      await waitFor(async () => (await settled(baseId)) >= 1, 120_000, 'the batch to get going');
      process = await env.restart(process);
      const afterKill = await settled(baseId);
      expect(afterKill).toBeGreaterThan(0);
      expect(afterKill).toBeLessThan(BATCH);
      await expectAllDoneOnce(baseId, 'killed');
    });

    it(`finishes a batch of ${BATCH} when RabbitMQ is restarted mid-way`, async () => {
      const baseId = await submit('broker');
      await waitFor(async () => (await settled(baseId)) >= 1, 120_000, 'the batch to get going');
      execFileSync('rabbitmqctl', ['stop_app'], { stdio: 'ignore', timeout: 60_000 });
      const whileDown = await settled(baseId);
      execFileSync('rabbitmqctl', ['start_app'], { stdio: 'ignore', timeout: 60_000 });
      expect(whileDown).toBeLessThan(BATCH);
      await expectAllDoneOnce(baseId, 'broker');
    });
  }
});
