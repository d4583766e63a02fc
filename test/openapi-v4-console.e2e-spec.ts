import request from 'supertest';
import { BuildFormProperty, Model, TriggerContainer } from '@bkci/pipeline-model';
import { buildModel, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { PipelineInfoEntity } from '../apps/process/src/pipelines/entities/pipeline-info.entity';
import { processApp } from '../apps/process/src/process.app';
import { TemplateInfoEntity } from '../apps/process/src/templates/entities/template-info.entity';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'vcall';
const V4 = '/ms/openapi/api/apigw-user/v4';
const TEMPLATES = `${V4}/projects/${PROJECT}/templates`;
const INSTANCES = `${TEMPLATES}/templateInstances`;
const ENV: BuildFormProperty = { id: 'env', type: 'STRING', required: true, defaultValue: 'dev' };
const scriptOf = (model: Model) => (model.stages[1].containers[0].elements[0] as { script?: string }).script;

function templateModel(script: string): Model {
  const model = buildModel('v4-calls', script);
  (model.stages[0].containers[0] as TriggerContainer).params = [ENV];
  return model;
}

/** BK-CI OpenAPI v4 callers: the calls and bodies of BK-CI's v4 resources, answered in BK-CI's shapes. */
describe('OpenAPI v4 calls a BK-CI caller makes', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let processData: DataSource;
  let user: Record<string, string>;
  let viewer: Record<string, string>;
  let templateId: string;
  /** Release version by name. */
  const releases: Record<string, number> = {};
  const pipelines: Record<string, string> = {};

  const pipelineModel = async (pipelineId: string): Promise<Model> => (await request(gateway).get(`/ms/process/api/user/pipelines/${PROJECT}/${pipelineId}`).set(user)).body.data;
  const instanceNames = async (query: Record<string, string | number | boolean>) =>
    (await request(gateway).get(INSTANCES).query({ templateId, ...query }).set(user)).body.data.instances.map((row: { pipelineName: string }) => row.pipelineName);

  beforeAll(async () => {
    const process = await env.start(processApp);
    processData = process.app.get(DataSource);
    gateway = (await env.start(openapiApp)).url;
    for (const project of [PROJECT, 'vtarget', 'vtargetnew', 'vforeign']) {
      expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: project, englishName: project })).status).toBe(201);
    }
    user = await memberToken(gateway, PROJECT, 'olly', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'vic', 'viewer');
    for (const project of ['vtarget', 'vtargetnew']) {
      const added = await request(gateway).post(`/ms/process/api/user/projects/${project}/groups/developer/members`).set(ADMIN).send({ userIds: ['olly'] });
      expect(added.status).toBe(201);
    }

    const created = await request(gateway).post(TEMPLATES).set(user).send(templateModel('echo init'));
    expect(created.status).toBe(201);
    templateId = created.body.data.id;
    for (const [versionName, script] of [
      ['second', 'echo second'],
      ['third', 'echo third'],
    ]) {
      expect((await request(gateway).put(TEMPLATES).query({ templateId, versionName }).set(user).send(templateModel(script))).status).toBe(200);
    }
    const detail = await request(gateway).get(`${TEMPLATES}/template_detail`).query({ templateId }).set(user);
    for (const version of detail.body.data.versions) releases[version.versionName] = version.version;
    expect(Object.keys(releases).sort()).toEqual(['init', 'second', 'third']);
  });

  afterAll(() => env.close());

  it('reads template_detail at the release named by versionName; version wins when both are given', async () => {
    const named = await request(gateway).get(`${TEMPLATES}/template_detail`).query({ templateId, versionName: 'second' }).set(user);
    expect(named.status).toBe(200);
    expect(named.body.data.currentVersion).toMatchObject({ version: releases.second, versionName: 'second' });
    expect(scriptOf(named.body.data.template)).toBe('echo second');
    const both = await request(gateway).get(`${TEMPLATES}/template_detail`).query({ templateId, version: releases.init, versionName: 'second' }).set(user);
    expect(both.body.data.currentVersion.versionName).toBe('init');
    const latest = await request(gateway).get(`${TEMPLATES}/template_detail`).query({ templateId }).set(user);
    expect(latest.body.data.currentVersion.versionName).toBe('third');
    const unknown = await request(gateway).get(`${TEMPLATES}/template_detail`).query({ templateId, versionName: 'fourth' }).set(user);
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toContain('fourth');
  });

  it('creates instances and answers BK-CI’s TemplateOperationRet as the whole body', async () => {
    const created = await request(gateway)
      .post(INSTANCES)
      .query({ templateId, version: releases.second, useTemplateSettings: true })
      .set(user)
      .send([
        { pipelineName: 'b-instance', param: [{ ...ENV, defaultValue: 'prod' }] },
        { pipelineName: 'a-instance', param: [] },
        { pipelineName: 'c-instance', param: [] },
      ]);
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      status: 0,
      message: null,
      data: { successPipelines: ['b-instance', 'a-instance', 'c-instance'], failurePipelines: [], failureMessages: {}, successPipelinesId: expect.any(Array) },
    });
    const ids = created.body.data.successPipelinesId as string[];
    expect(ids).toHaveLength(3);
    [pipelines.b, pipelines.a, pipelines.c] = ids;
  });

  it('updates instances to the release named by versionName (PUT templateInstances/update)', async () => {
    const update = (versionName: string, who = user) =>
      request(gateway)
        .put(`${INSTANCES}/update`)
        .query({ templateId, versionName, useTemplateSettings: true })
        .set(who)
        .send([{ pipelineId: pipelines.b, pipelineName: 'b-instance', param: [{ ...ENV, defaultValue: 'prod' }] }]);
    const unknown = await update('fourth');
    expect(unknown.status).toBe(404);
    expect((await update('third', viewer)).status).toBe(403);
    expect(scriptOf(await pipelineModel(pipelines.b))).toBe('echo second');

    const updated = await update('third');
    expect(updated.status).toBe(200);
    expect(updated.body).toEqual({ status: 0, message: null, data: { successPipelines: ['b-instance'], failurePipelines: [], failureMessages: {}, successPipelinesId: [pipelines.b] } });
    const model = await pipelineModel(pipelines.b);
    expect(scriptOf(model)).toBe('echo third');
    expect((model.stages[0].containers[0] as TriggerContainer).params[0].defaultValue).toBe('prod');
    expect(scriptOf(await pipelineModel(pipelines.a))).toBe('echo second');

    const missing = await request(gateway).put(`${INSTANCES}/update`).query({ templateId }).set(user).send([]);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('versionName');
  });

  it('lists instances sorted by sortType, in the direction desc asks', async () => {
    expect(await instanceNames({ sortType: 'PIPELINE_NAME', desc: false })).toEqual(['a-instance', 'b-instance', 'c-instance']);
    expect(await instanceNames({ sortType: 'PIPELINE_NAME', desc: true })).toEqual(['c-instance', 'b-instance', 'a-instance']);
    expect(await instanceNames({ sortType: 'PIPELINE_NAME', desc: 0 })).toEqual(['a-instance', 'b-instance', 'c-instance']);
    const byVersion = await instanceNames({ sortType: 'VERSION', desc: true });
    expect(byVersion).toHaveLength(3);
    expect(byVersion[0]).toBe('b-instance');
    expect((await instanceNames({ sortType: 'VERSION', desc: false }))[2]).toBe('b-instance');
    const page = await request(gateway).get(INSTANCES).query({ templateId, sortType: 'PIPELINE_NAME', desc: false, page: 2, pageSize: 2 }).set(user);
    expect(page.body.data).toMatchObject({ count: 3, page: 2, pageSize: 2, instances: [{ pipelineName: 'c-instance', versionName: 'second' }] });
    for (const query of [{ sortType: 'POPULARITY' }, { desc: 'sometimes' }]) {
      const refused = await request(gateway).get(INSTANCES).query({ templateId, ...query }).set(user);
      expect(refused.status).toBe(400);
      expect(refused.body.message).toContain(Object.keys(query)[0]);
    }
  });

  it('creates a pipeline from a template (POST version/create_with_template) with BK-CI’s DeployPipelineResult', async () => {
    const body = { templateId, pipelineName: 'free-from-v4', useSubscriptionSettings: false, useConcurrencyGroup: false, instanceType: 'FREEDOM', emptyTemplate: false, staticViews: [], labels: [], envHashId: null };
    const created = await request(gateway).post(`${V4}/projects/${PROJECT}/version/create_with_template`).set(user).send(body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 0, data: { pipelineName: 'free-from-v4', version: 1, versionNum: 1, versionName: 'V1' } });
    const model = await pipelineModel(created.body.data.pipelineId);
    expect(scriptOf(model)).toBe('echo third');
    expect(model.instanceFromTemplate).toBe(false);
    expect(await instanceNames({})).toHaveLength(3);

    const pinned = await request(gateway).post(`${V4}/projects/${PROJECT}/version/create_with_template`).set(user).send({ ...body, pipelineName: 'pinned', templateVersion: releases.init });
    expect(scriptOf(await pipelineModel(pinned.body.data.pipelineId))).toBe('echo init');

    const before = await processData.getRepository(PipelineInfoEntity).countBy({ projectId: PROJECT });
    expect((await request(gateway).post(`${V4}/projects/${PROJECT}/version/create_with_template`).set(viewer).send({ ...body, pipelineName: 'by-viewer' })).status).toBe(403);
    expect(await processData.getRepository(PipelineInfoEntity).countBy({ projectId: PROJECT })).toBe(before);
  });

  describe('installing from the store', () => {
    let storeTemplateId: string;
    const copies = (projectId: string) => processData.getRepository(TemplateInfoEntity).findBy({ projectId, srcTemplateId: storeTemplateId });

    beforeAll(async () => {
      const base = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;
      storeTemplateId = (await request(gateway).post(`${base}/create`).set(ADMIN).send({ type: 'PIPELINE', name: 'shared' })).body.data.templateId;
      const saved = await request(gateway).put(`${base}/saveDraft`).query({ templateId: storeTemplateId }).set(ADMIN).send({ type: 'PIPELINE', model: buildModel('shared', 'echo store') });
      expect((await request(gateway).post(`${base}/${storeTemplateId}/releaseVersion/${saved.body.data.version}`).set(ADMIN).send({})).status).toBe(201);
      expect((await request(gateway).post(`${base}/${storeTemplateId}/store/publish`).set(ADMIN).send({})).status).toBe(200);
    });

    it('answers template_install_from_store with true', async () => {
      const installed = await request(gateway).post(`${V4}/market/template_install_from_store`).set(user).send({ projectCodeList: ['vtarget'], templateCode: storeTemplateId });
      expect(installed.status).toBe(200);
      expect(installed.body).toEqual({ status: 0, message: null, data: true });
      expect(await copies('vtarget')).toHaveLength(1);
    });

    it('answers template_install_from_store_new with the PipelineTemplateInfo of each copy', async () => {
      const installed = await request(gateway).post(`${V4}/market/template_install_from_store_new`).set(user).send({ projectCodeList: ['vtargetnew'], templateCode: storeTemplateId });
      expect(installed.status).toBe(200);
      const [copy] = await copies('vtargetnew');
      expect(installed.body.data).toEqual([
        {
          name: 'shared',
          templateId: copy.id,
          projectId: 'vtargetnew',
          version: copy.releasedVersion,
          srcTemplateVersion: expect.any(Number),
          versionName: copy.releasedVersionName,
          templateType: 'CONSTRAINT',
          templateTypeDesc: 'constraint',
          category: [],
          logoUrl: '',
          stages: expect.any(Array),
          templateName: 'shared',
          srcTemplateId: storeTemplateId,
        },
      ]);
      expect(installed.body.data[0].stages[1].containers[0].elements[0].script).toBe('echo store');
    });

    it('installs nowhere when the caller may not create templates in one of the projects', async () => {
      const refused = await request(gateway).post(`${V4}/market/template_install_from_store_new`).set(user).send({ projectCodeList: ['vforeign'], templateCode: storeTemplateId });
      expect(refused.status).toBe(403);
      expect(await copies('vforeign')).toHaveLength(0);
      const noBody = await request(gateway).post(`${V4}/market/template_install_from_store`).set(user).send({ templateCode: storeTemplateId });
      expect(noBody.status).toBe(400);
      expect(noBody.body.message).toContain('projectCodeList');
    });
  });
});
