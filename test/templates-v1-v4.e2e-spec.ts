import request from 'supertest';
import { BuildFormProperty, Model, TriggerContainer } from '@bkci/pipeline-model';
import { buildModel, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'vfour';
const V4 = `/ms/openapi/api/apigw-user/v4/projects/${PROJECT}/templates`;

function templateModel(name: string, script: string): Model {
  const model = buildModel(name, script);
  const params: BuildFormProperty[] = [{ id: 'env', type: 'STRING', required: true, defaultValue: 'dev' }];
  (model.stages[0].containers[0] as TriggerContainer).params = params;
  return model;
}

describe('templates through BK-CI’s V1 API and OpenAPI v4', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let user: Record<string, string>;

  beforeAll(async () => {
    await env.start(processApp);
    gateway = (await env.start(openapiApp)).url;
    await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'V4', englishName: PROJECT });
    const token = await request(gateway).post('/ms/openapi/api/op/users/olly/tokens').set(ADMIN).send({ name: 'v4' });
    await request(gateway).post(`/ms/process/api/user/projects/${PROJECT}/groups/developer/members`).set(ADMIN).send({ userIds: ['olly'] });
    user = { Authorization: `Bearer ${token.body.data.token as string}` };
  });

  afterAll(() => env.close());

  it('creates, lists, updates, instantiates and deletes templates with v4 calls', async () => {
    const created = await request(gateway).post(V4).set(user).send(templateModel('v4-template', 'echo v1'));
    expect(created.status).toBe(201);
    const templateId = created.body.data.id as string;

    const list = await request(gateway).get(V4).query({ templateType: 'CUSTOMIZE' }).set(user);
    expect(list.status).toBe(200);
    expect(list.body.data).toMatchObject({ count: 1, models: [{ templateId, name: 'v4-template', versionName: 'init', templateType: 'CUSTOMIZE', hasInstance2Upgrade: false }] });

    const updated = await request(gateway).put(V4).query({ templateId, versionName: 'second' }).set(user).send(templateModel('v4-template', 'echo v2'));
    expect(updated.status).toBe(200);
    const detail = await request(gateway).get(`${V4}/template_detail`).query({ templateId }).set(user);
    expect(detail.body.data).toMatchObject({ templateName: 'v4-template', currentVersion: { versionName: 'second' } });
    expect(detail.body.data.versions.map((v: { versionName: string }) => v.versionName)).toEqual(['second', 'init']);
    const firstVersion = detail.body.data.versions[1].version as number;
    const secondVersion = detail.body.data.currentVersion.version as number;

    const instances = await request(gateway)
      .post(`${V4}/templateInstances`)
      .query({ templateId, version: secondVersion, useTemplateSettings: true })
      .set(user)
      .send([{ pipelineName: 'from-v4', param: [{ id: 'env', type: 'STRING', required: true, defaultValue: 'prod' }] }]);
    expect(instances.status).toBe(200);
    // BK-CI answers its TemplateOperationRet as the whole body.
    expect(instances.body).toMatchObject({ status: 0, data: { successPipelines: ['from-v4'] } });
    const pipelineId = instances.body.data.successPipelinesId[0] as string;
    const pipeline = await request(gateway).get(`/ms/process/api/user/pipelines/${PROJECT}/${pipelineId}`).set(user);
    expect((pipeline.body.data.stages[0].containers[0] as TriggerContainer).params[0].defaultValue).toBe('prod');

    const instanceList = await request(gateway).get(`${V4}/templateInstances`).query({ templateId }).set(user);
    expect(instanceList.body.data).toMatchObject({ count: 1, instances: [{ pipelineId, pipelineName: 'from-v4', versionName: 'second', status: 'UPDATED' }] });

    const deletedVersion = await request(gateway).delete(`${V4}/template_version`).query({ templateId, version: firstVersion }).set(user);
    expect(deletedVersion.status).toBe(200);
    const refused = await request(gateway).delete(V4).query({ templateId }).set(user);
    expect(refused.status).toBe(409);
  });

  it('saves an instance pipeline as a new template, without its instance markings', async () => {
    const created = await request(gateway).post(V4).set(user).send(templateModel('source-template', 'echo source'));
    const templateId = created.body.data.id as string;
    const version = (await request(gateway).get(`${V4}/template_detail`).query({ templateId }).set(user)).body.data.currentVersion.version;
    const instance = await request(gateway).post(`${V4}/templateInstances`).query({ templateId, version }).set(user).send([{ pipelineName: 'to-save' }]);
    const pipelineId = instance.body.data.successPipelinesId[0] as string;

    const saved = await request(gateway).post(`/ms/process/api/user/templates/projects/${PROJECT}/templates/saveAsTemplate`).set(user).send({ pipelineId, templateName: 'saved-template', isCopySetting: true });
    expect(saved.status).toBe(201);
    const detail = await request(gateway).get(`${V4}/template_detail`).query({ templateId: saved.body.data.id }).set(user);
    expect(detail.body.data).toMatchObject({ templateName: 'saved-template', template: { name: 'saved-template' } });
    for (const key of ['instanceFromTemplate', 'template', 'templateId', 'overrideTemplateField']) expect(detail.body.data.template).not.toHaveProperty(key);
    expect(detail.body.data.template.stages[1].containers[0].elements[0].script).toBe('echo source');
  });

  it('reads and changes the setting, and copies, through the V1 API', async () => {
    const v1 = `/ms/process/api/user/templates/projects/${PROJECT}/templates`;
    const created = await request(gateway).post(v1).set(user).send(templateModel('v1-settings', 'echo s'));
    const templateId = created.body.data.id as string;
    const setting = await request(gateway).get(`${v1}/${templateId}/settings`).set(user);
    expect(setting.body.data).toMatchObject({ pipelineName: 'v1-settings', runLockType: 'MULTIPLE' });
    const changed = await request(gateway).put(`${v1}/${templateId}/settings`).set(user).send({ ...setting.body.data, pipelineName: 'v1-renamed', runLockType: 'SINGLE' });
    expect(changed.status).toBe(200);
    expect((await request(gateway).get(`${v1}/${templateId}/settings`).set(user)).body.data).toMatchObject({ pipelineName: 'v1-renamed', runLockType: 'SINGLE' });
    const detail = await request(gateway).get(`${v1}/${templateId}`).set(user);
    expect(detail.body.data).toMatchObject({ templateName: 'v1-renamed', currentVersion: { versionName: 'V2(P1.T1.2)' } });
    const bad = await request(gateway).put(`${v1}/${templateId}/settings`).set(user).send({ runLockType: 'SOMETIMES' });
    expect(bad.status).toBe(400);

    const copy = await request(gateway).post(`${v1}/${templateId}/copy`).set(user).send({ templateName: 'v1-copy', isCopySetting: true });
    expect(copy.status).toBe(201);
    expect((await request(gateway).get(`${v1}/${copy.body.data.id}/settings`).set(user)).body.data).toMatchObject({ pipelineName: 'v1-copy', runLockType: 'SINGLE' });
  });

  it('answers a v4 call without its templateId with 400, and an unknown one with 404', async () => {
    const missing = await request(gateway).delete(V4).set(user);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('templateId');
    const unknown = await request(gateway).get(`${V4}/template_detail`).query({ templateId: 'nope' }).set(user);
    expect(unknown.status).toBe(404);
  });

  it('refuses v4 calls without a token', async () => {
    expect((await request(gateway).get(V4)).status).toBe(401);
  });
});
