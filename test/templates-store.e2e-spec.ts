import request from 'supertest';
import { buildModel, TEST_ADMIN_TOKEN, TestEnvironment, waitFor } from '@bkci/testing';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const base = (projectId: string) => `/ms/process/api/user/pipeline/template/v2/${projectId}`;
const scriptOf = (model: { stages: Array<{ containers: Array<{ elements: Array<{ script?: string }> }> }> }) => model.stages[1].containers[0].elements[0].script;

describe('the template store through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let templateId: string;

  async function release(projectId: string, id: string, script: string): Promise<number> {
    const saved = await request(gateway).put(`${base(projectId)}/saveDraft`).query({ templateId: id }).set(ADMIN).send({ type: 'PIPELINE', model: buildModel('x', script) });
    return (await request(gateway).post(`${base(projectId)}/${id}/releaseVersion/${saved.body.data.version}`).set(ADMIN).send({})).body.data.version;
  }

  const latestScript = async (projectId: string, id: string) => scriptOf((await request(gateway).get(`${base(projectId)}/${id}/latest/details`).set(ADMIN)).body.data.resource.model);

  beforeAll(async () => {
    await env.start(processApp);
    gateway = (await env.start(openapiApp)).url;
    for (const project of ['maker', 'auto', 'manual', 'viav4']) {
      await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: project, englishName: project });
    }
    templateId = (await request(gateway).post(`${base('maker')}/create`).set(ADMIN).send({ type: 'PIPELINE', name: 'shared' })).body.data.templateId;
    await release('maker', templateId, 'echo v1');
  });

  afterAll(() => env.close());

  it('publishes, installs as CONSTRAINT copies, upgrades AUTO copies and marks MANUAL ones pending', async () => {
    const published = await request(gateway).post(`${base('maker')}/${templateId}/store/publish`).set(ADMIN).send({});
    expect(published.status).toBe(200);
    const again = await request(gateway).post(`${base('maker')}/${templateId}/store/publish`).set(ADMIN).send({});
    expect(again.status).toBe(409);

    const auto = await request(gateway).post(`${base('auto')}/create/market`).set(ADMIN).send({ marketTemplateId: templateId });
    expect(auto.status).toBe(201);
    const manual = await request(gateway).post(`${base('manual')}/create/market`).set(ADMIN).send({ marketTemplateId: templateId, name: 'my-copy' });
    const autoId = auto.body.data.templateId as string;
    const manualId = manual.body.data.templateId as string;
    const copyInfo = await request(gateway).get(`${base('auto')}/${autoId}/info`).set(ADMIN);
    expect(copyInfo.body.data).toMatchObject({ mode: 'CONSTRAINT', srcTemplateId: templateId, srcTemplateProjectId: 'maker', releasedVersionName: 'V1(P1.T1.1)' });
    expect((await request(gateway).get(`${base('manual')}/${manualId}/info`).set(ADMIN)).body.data.name).toBe('my-copy');
    const twice = await request(gateway).post(`${base('auto')}/create/market`).set(ADMIN).send({ marketTemplateId: templateId });
    expect(twice.status).toBe(409);

    const strategy = await request(gateway).put(`${base('manual')}/${manualId}/updateUpgradeStrategy`).set(ADMIN).send({ upgradeStrategy: 'MANUAL' });
    expect(strategy.status).toBe(200);

    const v2 = await release('maker', templateId, 'echo v2');
    expect((await request(gateway).post(`${base('maker')}/${templateId}/store/publish`).set(ADMIN).send({ version: v2 })).status).toBe(200);

    await waitFor(async () => (await latestScript('auto', autoId)) === 'echo v2', 30_000, 'the AUTO copy to upgrade');
    const autoStatus = await request(gateway).get(`${base('auto')}/${autoId}/store/status`).set(ADMIN);
    expect(autoStatus.body.data).toMatchObject({ pendingUpgrade: false, latestStoreVersion: v2 });

    expect(await latestScript('manual', manualId)).toBe('echo v1');
    const manualStatus = await request(gateway).get(`${base('manual')}/${manualId}/store/status`).set(ADMIN);
    expect(manualStatus.body.data).toMatchObject({ upgradeStrategy: 'MANUAL', pendingUpgrade: true, latestStoreVersion: v2 });
    const upgraded = await request(gateway).post(`${base('manual')}/create/market`).set(ADMIN).send({ marketTemplateId: templateId });
    expect(upgraded.body.data.templateId).toBe(manualId);
    expect(await latestScript('manual', manualId)).toBe('echo v2');

    const copyPublish = await request(gateway).post(`${base('auto')}/${autoId}/store/publish`).set(ADMIN).send({});
    expect(copyPublish.status).toBe(409);
    const deleteSource = await request(gateway).delete(`${base('maker')}/${templateId}/delete`).set(ADMIN);
    expect(deleteSource.status).toBe(409);
    expect(deleteSource.body.status).toBe(2101119);

    const detached = await request(gateway).post(`${base('manual')}/${manualId}/transformTemplateToCustom`).set(ADMIN);
    expect(detached.status).toBe(200);
    expect((await request(gateway).get(`${base('manual')}/${manualId}/info`).set(ADMIN)).body.data).toMatchObject({ mode: 'CUSTOMIZE', srcTemplateId: null });
    expect((await request(gateway).get(`${base('manual')}/${manualId}/store/status`).set(ADMIN)).status).toBe(409);
  });

  it('installs through OpenAPI v4 into each listed project', async () => {
    const installed = await request(gateway).post('/ms/openapi/api/apigw-user/v4/market/template_install_from_store').set(ADMIN).send({ projectCodeList: ['viav4'], templateCode: templateId });
    expect(installed.body).toEqual({ status: 0, message: null, data: true });
    const copies = await request(gateway).get('/ms/process/api/user/templates/projects/viav4/templates').set(ADMIN);
    expect(copies.body.data.models).toHaveLength(1);
    const copyId = copies.body.data.models[0].templateId as string;
    expect((await request(gateway).get(`${base('viav4')}/${copyId}/info`).set(ADMIN)).body.data).toMatchObject({ mode: 'CONSTRAINT', srcTemplateId: templateId });
  });

  it('refuses a template that is not in the store', async () => {
    const { body } = await request(gateway).post(`${base('maker')}/create`).set(ADMIN).send({ type: 'PIPELINE', name: 'private' });
    const refused = await request(gateway).post(`${base('auto')}/create/market`).set(ADMIN).send({ marketTemplateId: body.data.templateId });
    expect(refused.status).toBe(404);
  });
});
