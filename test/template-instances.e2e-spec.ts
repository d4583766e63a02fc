import request from 'supertest';
import { BuildFormProperty, Model, TriggerContainer } from '@bkci/pipeline-model';
import { buildModel, memberToken, TEST_ADMIN_TOKEN, TestEnvironment, waitFor } from '@bkci/testing';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'inst';
const TEMPLATES = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;
const INSTANCES = `/ms/process/api/user/template/instances/v2/projects/${PROJECT}`;
const PIPELINES = `/ms/process/api/user/pipelines/${PROJECT}`;

const input = (id: string, defaultValue: string): BuildFormProperty => ({ id, type: 'STRING', required: true, defaultValue });

/** A template model whose build step runs `script` and whose trigger offers `params`. */
function templateModel(script: string, params: BuildFormProperty[]): Model {
  const model = buildModel('template', script);
  (model.stages[0].containers[0] as TriggerContainer).params = params;
  return model;
}

const paramsOf = (model: Model) => (model.stages[0].containers[0] as TriggerContainer).params;
const scriptOf = (model: Model) => (model.stages[1].containers[0].elements[0] as { script: string }).script;

describe('template instances through the gateway', () => {
  const env = new TestEnvironment({ BKCI_TEMPLATE_SYNC_INSTANCE_LIMIT: '3' });
  let gateway: string;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;

  /** Creates a template and releases `model`; returns its id and the released version. */
  async function releasedTemplate(name: string, model: Model): Promise<{ templateId: string; version: number }> {
    const created = await request(gateway).post(`${TEMPLATES}/create`).set(developer).send({ type: 'PIPELINE', name });
    const templateId = created.body.data.templateId as string;
    return { templateId, version: await release(templateId, model) };
  }

  async function release(templateId: string, model: Model): Promise<number> {
    const saved = await request(gateway).put(`${TEMPLATES}/saveDraft`).query({ templateId }).set(developer).send({ type: 'PIPELINE', model });
    expect(saved.status).toBe(200);
    const released = await request(gateway).post(`${TEMPLATES}/${templateId}/releaseVersion/${saved.body.data.version}`).set(developer).send({});
    expect(released.status).toBe(201);
    return released.body.data.version;
  }

  async function finished(baseId: string) {
    let result: { status: string; successItemNum: number; failItemNum: number; totalItemNum: number } | undefined;
    await waitFor(async () => {
      result = (await request(gateway).get(`${INSTANCES}/task/${baseId}/result`).set(viewer)).body.data;
      return result !== undefined && !['INIT', 'INSTANCING'].includes(result.status);
    }, 120_000);
    return result!;
  }

  const pipelineModel = async (pipelineId: string): Promise<Model> => (await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer)).body.data;

  beforeAll(async () => {
    await env.start(processApp);
    gateway = (await env.start(openapiApp)).url;
    await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Instances', englishName: PROJECT });
    developer = await memberToken(gateway, PROJECT, 'ivy', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'val', 'viewer');
  });

  afterAll(() => env.close());

  it('creates instances synchronously, merging params by BK-CI’s rules', async () => {
    const { templateId, version } = await releasedTemplate('sync', templateModel('make', [input('env', 'dev'), { ...input('const', 'c'), constant: true, required: false }]));
    const created = await request(gateway)
      .post(`${INSTANCES}/templates/${templateId}`)
      .query({ version })
      .set(developer)
      .send({ instanceReleaseInfos: [{ pipelineName: 'sync-a', param: [input('env', 'prod')], overrideTemplateField: { paramIds: ['env'] } }, { pipelineName: 'sync-b' }] });
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({ status: 0, data: { successPipelines: ['sync-a', 'sync-b'], failurePipelines: [] } });
    const [a, b] = created.body.data.data.successPipelinesId as string[];
    const modelA = await pipelineModel(a);
    expect(paramsOf(modelA).map((p) => [p.id, p.defaultValue])).toEqual([['env', 'prod'], ['const', 'c']]);
    expect(modelA).toMatchObject({ instanceFromTemplate: true, templateId, template: { templateVariables: [{ key: 'env', value: 'prod' }] } });
    expect(paramsOf(await pipelineModel(b))[0].defaultValue).toBe('dev');

    const constant = await request(gateway)
      .post(`${INSTANCES}/templates/${templateId}`)
      .query({ version })
      .set(developer)
      .send({ instanceReleaseInfos: [{ pipelineName: 'sync-c', param: [{ ...input('const', 'changed'), constant: true, required: false }] }] });
    expect(constant.body.data).toMatchObject({ status: 1, data: { failurePipelines: ['sync-c'] } });
    expect(constant.body.data.data.failureMessages['sync-c']).toContain('const');

    const tooMany = await request(gateway)
      .post(`${INSTANCES}/templates/${templateId}`)
      .query({ version })
      .set(developer)
      .send({ instanceReleaseInfos: ['x1', 'x2', 'x3', 'x4'].map((pipelineName) => ({ pipelineName })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.message).toContain('asynchronous');

    const viewerTry = await request(gateway).post(`${INSTANCES}/templates/${templateId}`).query({ version }).set(viewer).send({ instanceReleaseInfos: [{ pipelineName: 'v' }] });
    expect(viewerTry.status).toBe(403);
  });

  it('runs batches asynchronously, one per template at a time, and retries the failed items', async () => {
    const { templateId, version } = await releasedTemplate('async', templateModel('make', [input('env', 'dev')]));
    const taken = await request(gateway).post(PIPELINES).set(developer).send(buildModel('async-3'));
    expect(taken.status).toBe(201);
    const first = await request(gateway)
      .post(`${INSTANCES}/templates/async/${templateId}`)
      .query({ version })
      .set(developer)
      .send({ instanceReleaseInfos: Array.from({ length: 12 }, (_, i) => ({ pipelineName: `async-${i}` })) });
    const second = await request(gateway)
      .post(`${INSTANCES}/templates/async/${templateId}`)
      .query({ version })
      .set(developer)
      .send({ instanceReleaseInfos: [{ pipelineName: 'async-second' }] });
    expect([first.status, second.status]).toEqual([200, 200]);

    const firstResult = await finished(first.body.data);
    expect(firstResult).toMatchObject({ status: 'PARTIAL_SUCCESS', totalItemNum: 12, successItemNum: 11, failItemNum: 1 });
    expect(await finished(second.body.data)).toMatchObject({ status: 'SUCCESS', successItemNum: 1 });

    const failed = await request(gateway).get(`${INSTANCES}/task/${first.body.data}/detail`).query({ status: 'FAILED' }).set(viewer);
    expect(failed.body.data.records).toEqual([expect.objectContaining({ pipelineName: 'async-3', status: 'FAILED', errorMessage: expect.stringContaining('async-3') })]);

    const instances = await request(gateway).get(`${INSTANCES}/templates/${templateId}`).query({ pageSize: 50 }).set(viewer);
    expect(instances.body.data.count).toBe(12);

    await request(gateway).delete(`${PIPELINES}/${taken.body.data.id}`).set(developer);
    const retried = await request(gateway).post(`${INSTANCES}/task/${first.body.data}/retry`).set(developer);
    expect(retried.status).toBe(200);
    expect(await finished(retried.body.data)).toMatchObject({ status: 'SUCCESS', totalItemNum: 1, successItemNum: 1 });
  });

  it('moves 50 instances to a new template version: new step, new param, each override kept; preview shows it first', async () => {
    const params = Array.from({ length: 50 }, (_, i) => input(`p${i}`, `default-${i}`));
    const { templateId, version } = await releasedTemplate('update', templateModel('echo old', params));
    const created = await request(gateway)
      .post(`${INSTANCES}/templates/async/${templateId}`)
      .query({ version })
      .set(developer)
      .send({ instanceReleaseInfos: params.map((_, i) => ({ pipelineName: `upd-${i}`, param: [input(`p${i}`, `own-${i}`)], overrideTemplateField: { paramIds: [`p${i}`] } })) });
    expect(await finished(created.body.data)).toMatchObject({ status: 'SUCCESS', successItemNum: 50 });
    const list = await request(gateway).get(`${INSTANCES}/templates/${templateId}`).query({ pageSize: 100 }).set(viewer);
    const instances = (list.body.data.records as Array<{ pipelineId: string; pipelineName: string; status: string }>).sort((a, b) => Number(a.pipelineName.slice(4)) - Number(b.pipelineName.slice(4)));
    expect(instances).toHaveLength(50);
    expect(instances.every((row) => row.status === 'UPDATED')).toBe(true);

    const changed = params.map((param, i) => (i === 0 ? { ...param, defaultValue: 'template-changed-0' } : param));
    const next = await release(templateId, templateModel('echo new', [...changed, input('added', 'fresh')]));
    const pending = await request(gateway).get(`${INSTANCES}/templates/${templateId}`).query({ pageSize: 100 }).set(viewer);
    expect(pending.body.data.records).toHaveLength(50);
    expect((pending.body.data.records as Array<{ status: string }>).every((row) => row.status === 'PENDING_UPDATE')).toBe(true);

    const preview = await request(gateway)
      .post(`${INSTANCES}/templates/${templateId}/${next}/preFetch`)
      .set(viewer)
      .send({ instanceReleaseInfos: [{ pipelineId: instances[0].pipelineId, pipelineName: 'upd-0' }] });
    expect(preview.status).toBe(200);
    const [upd0] = preview.body.data;
    expect(upd0.params.find((p: { id: string }) => p.id === 'p0')).toEqual({ id: 'p0', change: 'conflict', base: 'default-0', template: 'template-changed-0', instance: 'own-0', result: 'own-0' });
    expect(upd0.params.find((p: { id: string }) => p.id === 'added')).toMatchObject({ change: 'added', result: 'fresh' });
    expect(upd0.modelChanges).toEqual(expect.arrayContaining([{ path: 'stages[1].containers[0].elements[0].script', kind: 'changed', before: 'echo old', after: 'echo new' }]));

    const compare = await request(gateway).get(`${INSTANCES}/${templateId}/compareYaml`).query({ templateVersion: next, pipelineId: instances[1].pipelineId }).set(viewer);
    expect(compare.body.data.baseVersionYaml).toContain('echo old');
    expect(compare.body.data.comparedVersionYaml).toContain('echo new');

    const updated = await request(gateway)
      .put(`${INSTANCES}/templates/${templateId}/async/update`)
      .query({ version: next })
      .set(developer)
      .send({ instanceReleaseInfos: instances.map((row) => ({ pipelineId: row.pipelineId, pipelineName: row.pipelineName })) });
    expect(updated.status).toBe(200);
    expect(await finished(updated.body.data)).toMatchObject({ status: 'SUCCESS', successItemNum: 50 });

    for (const [i, row] of instances.entries()) {
      const model = await pipelineModel(row.pipelineId);
      expect(scriptOf(model)).toBe('echo new');
      const values = Object.fromEntries(paramsOf(model).map((p) => [p.id, p.defaultValue]));
      expect(values[`p${i}`]).toBe(`own-${i}`);
      expect(values.added).toBe('fresh');
      expect(values[i === 0 ? 'p1' : 'p0']).toBe(i === 0 ? 'default-1' : 'template-changed-0');
    }
    const after = await request(gateway).get(`${INSTANCES}/templates/${templateId}`).query({ pageSize: 100 }).set(viewer);
    expect(after.body.data.records).toHaveLength(50);
    expect((after.body.data.records as Array<{ status: string }>).every((row) => row.status === 'UPDATED')).toBe(true);

    const deleteTemplate = await request(gateway).delete(`${TEMPLATES}/${templateId}/delete`).set(developer);
    expect(deleteTemplate.status).toBe(409);
  });
});
