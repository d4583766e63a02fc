import request from 'supertest';
import { BuildFormProperty, Model, PipelineSetting, TriggerContainer } from '@bkci/pipeline-model';
import { buildModel, certificateFixture, memberToken, TEST_ADMIN_TOKEN, TestEnvironment, waitFor } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { PipelineInfoEntity } from '../apps/process/src/pipelines/entities/pipeline-info.entity';
import { processApp } from '../apps/process/src/process.app';
import { TemplateInfoEntity } from '../apps/process/src/templates/entities/template-info.entity';
import { TemplateResourceVersionEntity } from '../apps/process/src/templates/entities/template-resource-version.entity';
import { TemplateSettingVersionEntity } from '../apps/process/src/templates/entities/template-setting-version.entity';
import { TemplateInstanceItemEntity } from '../apps/process/src/templates/instances/entities/template-instance-item.entity';
import { CertificateEntity } from '../apps/ticket/src/certs/entities/certificate.entity';
import { CredentialEntity } from '../apps/ticket/src/credentials/entities/credential.entity';
import { ticketApp } from '../apps/ticket/src/ticket.app';

/*
 * The requests BK-CI's own web console sends (devops-pipeline's store/modules/templates, atom and
 * common actions; devops-ticket's views), replayed through the gateway with the bodies and queries
 * it builds: the fields it adds, "" for what the user left empty. Each is accepted, and what BK-CI
 * would not store is not stored. Wrong input is still a 400 naming the field, changing nothing.
 */

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'liberal';
const TEMPLATES = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;
const INSTANCES = `/ms/process/api/user/template/instances/v2/projects/${PROJECT}`;
const V1_TEMPLATES = `/ms/process/api/user/templates/projects/${PROJECT}/templates`;
const V1_INSTANCES = `/ms/process/api/user/templateInstances/projects/${PROJECT}/templates`;
const PIPELINES = `/ms/process/api/user/pipelines/${PROJECT}`;
const CREDENTIALS = `/ms/ticket/api/user/credentials/${PROJECT}`;
const CERTS = `/ms/ticket/api/user/certs/projects/${PROJECT}`;

/** ReleasePipelineSideSlider's releaseParams as they start (no PAC). */
const RELEASE_PARAMS = { enablePac: false, targetBranch: '', targetAction: '', filePath: '', scmType: '', description: '', repoHashId: '' };

const input = (id: string, defaultValue: string): BuildFormProperty => ({ id, type: 'STRING', required: true, defaultValue });
/** A param as InstanceEntry sends it: the console's own markers on BK-CI's BuildFormProperty. */
const consoleParam = (param: BuildFormProperty) => ({ ...param, isRequiredParam: param.required, isFollowTemplate: false, hasChange: true, propertyUpdates: [] });

function templateModel(script: string, params: BuildFormProperty[]): Model {
  const model = buildModel('template', script);
  (model.stages[0].containers[0] as TriggerContainer).params = params;
  return model;
}

interface FieldProblem {
  field: string;
}

describe('what BK-CI’s console sends, through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let processData: DataSource;
  let ticketData: DataSource;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;

  /** Creates a template and releases `model` under `setting`; returns its id and the released version. */
  async function releasedTemplate(name: string, model: Model, setting?: Partial<PipelineSetting>): Promise<{ templateId: string; version: number }> {
    const created = await request(gateway).post(`${TEMPLATES}/create`).set(developer).send({ type: 'PIPELINE', name });
    const templateId = created.body.data.templateId as string;
    return { templateId, version: await release(templateId, model, setting) };
  }

  async function release(templateId: string, model: Model, setting?: Partial<PipelineSetting>): Promise<number> {
    const templateSetting = setting ? { pipelineName: model.name, desc: '', runLockType: 'MULTIPLE', ...setting } : undefined;
    const saved = await request(gateway).put(`${TEMPLATES}/saveDraft`).query({ templateId }).set(developer).send({ type: 'PIPELINE', model, templateSetting });
    expect(saved.status).toBe(200);
    const released = await request(gateway).post(`${TEMPLATES}/${templateId}/releaseVersion/${saved.body.data.version}`).set(developer).send({});
    expect(released.status).toBe(201);
    return released.body.data.version;
  }

  async function finished(baseId: string): Promise<{ status: string; successItemNum: number }> {
    let result: { status: string; successItemNum: number } | undefined;
    await waitFor(async () => {
      result = (await request(gateway).get(`${INSTANCES}/task/${baseId}/result`).set(viewer)).body.data;
      return result !== undefined && !['INIT', 'INSTANCING'].includes(result.status);
    }, 120_000);
    return result!;
  }

  const pipelineModel = async (pipelineId: string): Promise<Model> => (await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer)).body.data;
  const pipelineSetting = async (pipelineId: string): Promise<PipelineSetting> => {
    const { latestVersion } = await pipelineModel(pipelineId);
    const version = await request(gateway).get(`/ms/process/api/user/version/projects/${PROJECT}/pipelines/${pipelineId}/versions/${latestVersion}`).set(viewer);
    return version.body.data.modelAndSetting.setting;
  };
  const fieldsOf = (response: request.Response) => (response.body.data as FieldProblem[]).map((problem) => problem.field);
  const counts = async () => ({
    templates: await processData.getRepository(TemplateInfoEntity).count(),
    versions: await processData.getRepository(TemplateResourceVersionEntity).count(),
    pipelines: await processData.getRepository(PipelineInfoEntity).count(),
    credentials: await ticketData.getRepository(CredentialEntity).count(),
  });

  beforeAll(async () => {
    processData = (await env.start(processApp)).app.get(DataSource);
    ticketData = (await env.start(ticketApp)).app.get(DataSource);
    gateway = (await env.start(openapiApp)).url;
    expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Liberal', englishName: PROJECT })).status).toBe(201);
    developer = await memberToken(gateway, PROJECT, 'dora', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'vic', 'viewer');
  });

  afterAll(() => env.close());

  it('creates and lists templates with the bodies of the console’s dialog and list page', async () => {
    // CreateTemplateDialog's form: the creator it names is not the one who creates.
    const created = await request(gateway)
      .post(`${TEMPLATES}/create`)
      .set(developer)
      .send({ projectId: PROJECT, creator: 'mallory', type: 'PIPELINE', source: 'CUSTOM', name: 'console-made', desc: '' });
    expect(created.status).toBe(201);
    const templateId = created.body.data.templateId as string;
    const info = await request(gateway).get(`${TEMPLATES}/${templateId}/info`).set(viewer);
    expect(info.body.data).toMatchObject({ name: 'console-made', creator: 'dora', description: '', type: 'PIPELINE' });

    // Template/List fetchTableData: projectId and a filter we do not have (desc) ride along.
    const list = await request(gateway)
      .post(`${TEMPLATES}/list`)
      .set(viewer)
      .send({ projectId: PROJECT, page: 1, pageSize: 20, mode: 'CUSTOMIZE', type: 'PIPELINE', fuzzySearchName: 'console-made', desc: '', updater: '' });
    expect(list.status).toBe(200);
    expect(list.body.data.records.map((row: { name: string }) => row.name)).toEqual(['console-made']);
  });

  it('saves, prefetches, releases and reads the history the way the editor does, storing only BK-CI’s fields', async () => {
    const { templateId, version } = (await request(gateway).post(`${TEMPLATES}/create`).set(developer).send({ type: 'PIPELINE', name: 'edited' })).body.data;
    // TemplateEdit saveDraftTemplate: the editor's model and setting carry fields of its own.
    const model = { ...buildModel('edited', 'make console'), consoleOnly: { expanded: true } };
    const templateSetting = { pipelineName: 'edited', desc: '', runLockType: 'SINGLE', labels: [], hasPermission: true, labelNames: ['ui'] };
    const saved = await request(gateway)
      .put(`${TEMPLATES}/saveDraft`)
      .query({ templateId })
      .set(developer)
      .send({ storageType: 'MODEL', model, templateSetting, baseVersion: null, baseDraftVersion: null, type: 'PIPELINE' });
    expect(saved.status).toBe(200);
    const row = await processData.getRepository(TemplateResourceVersionEntity).findOneByOrFail({ templateId, version });
    expect(row.model).not.toHaveProperty('consoleOnly');
    expect((row.model as Model).stages[1].containers[0].elements[0]).toMatchObject({ script: 'make console' });
    const setting = await processData.getRepository(TemplateSettingVersionEntity).findOneByOrFail({ templateId, settingVersion: row.settingVersion });
    expect(setting.setting).toMatchObject({ pipelineName: 'edited', runLockType: 'SINGLE' });
    expect(setting.setting).not.toHaveProperty('hasPermission');
    expect(setting.setting).not.toHaveProperty('labelNames');

    // ReleasePipelineSideSlider: prefetch with the route params and releaseParams in the query, then release.
    const prefetch = await request(gateway)
      .get(`${TEMPLATES}/${templateId}/releaseVersion/${version}/prefetch`)
      .query({ projectId: PROJECT, templateId, version, enablePac: false, targetAction: '', customVersionName: '' })
      .set(developer);
    expect(prefetch.status).toBe(200);
    expect(prefetch.body.data.newVersionName).toBe('V1(P1.T1.1)');
    const status = await request(gateway)
      .get(`${TEMPLATES}/${templateId}/draftStatus`)
      .query({ actionType: 'RELEASE', version, versionStatus: 'COMMITTING', releaseVersion: 'undefined' })
      .set(developer);
    expect(status.status).toBe(200);
    expect(status.body.data.status).toBe('NORMAL');
    const released = await request(gateway)
      .post(`${TEMPLATES}/${templateId}/releaseVersion/${version}`)
      .set(developer)
      .send({ enablePac: false, targetBranch: '', description: 'from the console', customVersionName: '', yamlInfo: null });
    expect(released.status).toBe(201);
    expect(released.body.data).toMatchObject({ versionName: 'V1(P1.T1.1)', versionAction: 'RELEASE_DRAFT' });

    // VersionSelector and ChangeLog: the version list and the operation log with their own extras.
    const versions = await request(gateway)
      .post(`${TEMPLATES}/${templateId}/versions`)
      .set(viewer)
      .send({ projectId: PROJECT, templateId, page: 1, pageSize: 20, fuzzyVersionName: '', includeDraft: true, buildOnly: false });
    expect(versions.status).toBe(200);
    expect(versions.body.data.records.map((record: { versionName: string }) => record.versionName)).toEqual(['V1(P1.T1.1)']);
    const log = await request(gateway)
      .get(`${TEMPLATES}/${templateId}/operationLog`)
      .query({ projectId: PROJECT, creator: '', page: 1, pageSize: 20, templateId })
      .set(viewer);
    expect(log.status).toBe(200);
    expect(log.body.data.count).toBe(log.body.data.records.length);
    expect(log.body.data.count).toBeGreaterThanOrEqual(2);
  });

  it('instantiates, previews, compares and updates with InstanceEntry’s bodies, storing only BK-CI’s fields', async () => {
    const { templateId, version } = await releasedTemplate('instanced', templateModel('echo old', [input('ENV', 'dev')]));
    const manual = { atomCode: 'manualTrigger', stepId: '', disabled: false, name: 'manual', version: '1.*', isFollowTemplate: true };
    const infoOf = (pipelineName: string, pipelineId?: string) => ({
      ...(pipelineId ? { pipelineId } : {}),
      pipelineName,
      param: [consoleParam(input('ENV', 'prod'))],
      resetBuildNo: false,
      overrideTemplateField: { paramIds: ['ENV'], followedByConsole: true },
      triggerConfigs: [manual],
    });
    const body = (infos: unknown[]) => ({ templateRefType: 'ID', templateRef: '', useTemplateSettings: true, instanceReleaseInfos: infos, ...RELEASE_PARAMS });

    const created = await request(gateway).post(`${INSTANCES}/templates/async/${templateId}`).query({ version }).set(developer).send(body([infoOf('console-a')]));
    expect(created.status).toBe(200);
    expect(await finished(created.body.data)).toMatchObject({ status: 'SUCCESS', successItemNum: 1 });
    const [item] = await processData.getRepository(TemplateInstanceItemEntity).findBy({ baseId: created.body.data });
    expect(item.request.param).toEqual([input('ENV', 'prod')]);
    expect(item.request.overrideTemplateField).toEqual({ paramIds: ['ENV'] });
    expect(item.request.triggerConfigs).toEqual([{ stepId: '', disabled: false }]);
    const pipelineId = item.pipelineId;
    const createdModel = await pipelineModel(pipelineId);
    expect((createdModel.stages[0].containers[0] as TriggerContainer).params).toEqual([input('ENV', 'prod')]);

    const next = await release(templateId, templateModel('echo new', [input('ENV', 'dev')]));
    // ReleasePipelineSideSlider prefetchReleaseVersion, in instance mode.
    const preview = await request(gateway)
      .post(`${INSTANCES}/templates/${templateId}/${next}/preFetch`)
      .query({ version: next })
      .set(viewer)
      .send({ ...RELEASE_PARAMS, useTemplateSettings: true, instanceReleaseInfos: [infoOf('console-a', pipelineId)], customVersionName: '' });
    expect(preview.status).toBe(200);
    expect(preview.body.data).toHaveLength(1);
    // VersionDiffEntry compareYamlWithTemplate.
    const compare = await request(gateway)
      .get(`${INSTANCES}/${templateId}/compareYaml`)
      .query({ pipelineId, templateVersion: next, pipelineVersion: 1, useTemplateSettings: true })
      .set(viewer);
    expect(compare.status).toBe(200);
    expect(compare.body.data.comparedVersionYaml).toContain('echo new');

    const updated = await request(gateway).put(`${INSTANCES}/templates/${templateId}/async/update`).query({ version: next }).set(developer).send(body([infoOf('console-a', pipelineId)]));
    expect(updated.status).toBe(200);
    expect(await finished(updated.body.data)).toMatchObject({ status: 'SUCCESS', successItemNum: 1 });
    const updatedModel = await pipelineModel(pipelineId);
    expect((updatedModel.stages[1].containers[0].elements[0] as { script: string }).script).toBe('echo new');
    expect((updatedModel.stages[0].containers[0] as TriggerContainer).params).toEqual([input('ENV', 'prod')]);
  });

  it('upgrades a store copy with the console’s body, and reads an imported YAML sent alone', async () => {
    const maker = 'liberal-maker';
    expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: maker, englishName: maker })).status).toBe(201);
    const makerTemplates = `/ms/process/api/user/pipeline/template/v2/${maker}`;
    const sourceId = (await request(gateway).post(`${makerTemplates}/create`).set(ADMIN).send({ type: 'PIPELINE', name: 'shared' })).body.data.templateId as string;
    const publish = async (script: string) => {
      const saved = await request(gateway).put(`${makerTemplates}/saveDraft`).query({ templateId: sourceId }).set(ADMIN).send({ type: 'PIPELINE', model: buildModel('shared', script) });
      const version = (await request(gateway).post(`${makerTemplates}/${sourceId}/releaseVersion/${saved.body.data.version}`).set(ADMIN).send({})).body.data.version;
      expect((await request(gateway).post(`${makerTemplates}/${sourceId}/store/publish`).set(ADMIN).send({ version })).status).toBe(200);
      return version as number;
    };
    await publish('echo v1');
    const installed = await request(gateway).post(`${TEMPLATES}/create/market`).set(developer).send({ marketTemplateId: sourceId });
    expect(installed.status).toBe(201);
    const copyId = installed.body.data.templateId as string;
    // The console offers the upgrade for a copy that does not follow the store by itself.
    expect((await request(gateway).put(`${TEMPLATES}/${copyId}/updateUpgradeStrategy`).set(developer).send({ upgradeStrategy: 'MANUAL' })).status).toBe(200);
    const v2 = await publish('echo v2');

    // Template/List upgradeTemplate: marketTemplateProjectId and copySettings are the console's.
    const upgraded = await request(gateway)
      .post(`${TEMPLATES}/create/market`)
      .query({ templateId: copyId })
      .set(developer)
      .send({ marketTemplateId: sourceId, marketTemplateProjectId: maker, marketTemplateVersion: v2, copySettings: true });
    expect(upgraded.status).toBe(201);
    expect(upgraded.body.data.templateId).toBe(copyId);
    const latest = await request(gateway).get(`${TEMPLATES}/${copyId}/latest/details`).set(viewer);
    expect(latest.body.data.resource.model.stages[1].containers[0].elements[0].script).toBe('echo v2');

    // Template/Install/LocalFile: the YAML alone, no templateType.
    const yaml = (await request(gateway).post(`${TEMPLATES}/transfer`).query({ storageType: 'MODEL' }).set(viewer).send({ templateType: 'PIPELINE', templateModel: buildModel('imported', 'echo imported') })).body.data
      .yamlWithVersion as string;
    const imported = await request(gateway).post(`${TEMPLATES}/transfer`).query({ storageType: 'YAML' }).set(viewer).send({ yaml });
    expect(imported.status).toBe(200);
    expect(imported.body.data.templateType).toBe('PIPELINE');
    expect(JSON.stringify(imported.body.data.templateModel)).toContain('echo imported');
    const noType = await request(gateway).post(`${TEMPLATES}/transfer`).query({ storageType: 'MODEL' }).set(viewer).send({ templateModel: buildModel('x') });
    expect(noType.status).toBe(400);
    expect(noType.body.message).toContain('templateType');
  });

  it('reads boolean query flags as true/false/1/0 and refuses anything else naming the flag', async () => {
    const { templateId, version } = await releasedTemplate('flags', templateModel('echo flags', [input('ENV', 'dev')]));
    const all = await request(gateway).get(V1_TEMPLATES).set(viewer);
    expect(all.body.data.count).toBeGreaterThan(0);
    const notInStore = await request(gateway).get(V1_TEMPLATES).query({ storeFlag: 'false', pageSize: 100 }).set(viewer);
    expect(notInStore.status).toBe(200);
    expect(notInStore.body.data.count).toBe(all.body.data.count);
    const inStore = await request(gateway).get(V1_TEMPLATES).query({ storeFlag: 'true' }).set(viewer);
    expect(inStore.body.data.count).toBe(0);
    expect((await request(gateway).get(V1_TEMPLATES).query({ storeFlag: '' }).set(viewer)).body.data.count).toBe(all.body.data.count);
    const badFlag = await request(gateway).get(V1_TEMPLATES).query({ storeFlag: 'yes' }).set(viewer);
    expect(badFlag.status).toBe(400);
    expect(fieldsOf(badFlag)).toEqual(['storeFlag']);
    const v4 = await request(gateway).get(`/ms/openapi/api/apigw-user/v4/projects/${PROJECT}/templates`).query({ storeFlag: 'false' }).set(viewer);
    expect(v4.status).toBe(200);
    expect(v4.body.data.count).toBe(all.body.data.count);

    // A V1 update with useTemplateSettings=false keeps the pipeline's own setting; 1 takes the template's.
    const created = await request(gateway).post(`${V1_INSTANCES}/${templateId}`).query({ version, useTemplateSettings: 'false' }).set(developer).send([{ pipelineName: 'flagged' }]);
    expect(created.status).toBe(200);
    const pipelineId = created.body.data.successPipelinesId[0] as string;
    expect((await pipelineSetting(pipelineId)).runLockType).toBe('MULTIPLE');
    const next = await release(templateId, templateModel('echo flags 2', [input('ENV', 'dev')]), { pipelineName: 'flags', runLockType: 'SINGLE' });
    const kept = await request(gateway).put(`${V1_INSTANCES}/${templateId}`).query({ version: next, useTemplateSettings: 'false' }).set(developer).send([{ pipelineId, pipelineName: 'flagged' }]);
    expect(kept.status).toBe(200);
    expect((await pipelineSetting(pipelineId)).runLockType).toBe('MULTIPLE');
    const refused = await request(gateway).put(`${V1_INSTANCES}/${templateId}`).query({ version: next, useTemplateSettings: 'maybe' }).set(developer).send([{ pipelineId, pipelineName: 'flagged' }]);
    expect(refused.status).toBe(400);
    expect(fieldsOf(refused)).toEqual(['useTemplateSettings']);
    const taken = await request(gateway).put(`${V1_INSTANCES}/${templateId}`).query({ version: next, useTemplateSettings: '1' }).set(developer).send([{ pipelineId, pipelineName: 'flagged' }]);
    expect(taken.status).toBe(200);
    expect((await pipelineSetting(pipelineId)).runLockType).toBe('SINGLE');
  });

  it('refuses a wrong type, a missing required field or a value out of range with a 400 naming the field, changing nothing', async () => {
    const { templateId } = await releasedTemplate('strict', templateModel('echo strict', [input('ENV', 'dev')]));
    const saved = await request(gateway).put(`${TEMPLATES}/saveDraft`).query({ templateId }).set(developer).send({ type: 'PIPELINE', model: buildModel('strict', 'echo draft') });
    const before = await counts();
    const cases: Array<[request.Test, string[]]> = [
      [request(gateway).post(`${TEMPLATES}/create`).set(developer).send({ projectId: PROJECT, type: 'PIPELINE', name: 42 }), ['name']],
      [request(gateway).post(`${TEMPLATES}/create`).set(developer).send({ projectId: PROJECT, name: 'no type', desc: '' }), ['type']],
      [request(gateway).post(`${TEMPLATES}/create`).set(developer).send({ type: 'PIPELINE', name: '' }), ['name']],
      [request(gateway).post(`${TEMPLATES}/create`).set(developer).send({ type: 'PIPELINE', name: null }), ['name']],
      [request(gateway).post(`${TEMPLATES}/list`).set(viewer).send({ projectId: PROJECT, page: 1, pageSize: 0 }), ['pageSize']],
      [request(gateway).post(`${TEMPLATES}/${templateId}/releaseVersion/${saved.body.data.version}`).set(developer).send({ ...RELEASE_PARAMS, customVersionName: 'v'.repeat(200) }), ['customVersionName']],
      [request(gateway).get(`${TEMPLATES}/${templateId}/operationLog`).query({ page: 'first' }).set(viewer), ['page']],
      [
        request(gateway)
          .post(`${INSTANCES}/templates/async/${templateId}`)
          .query({ version: 1 })
          .set(developer)
          .send({ ...RELEASE_PARAMS, useTemplateSettings: 'yes', instanceReleaseInfos: [{ pipelineName: 'ok' }, { param: [] }] }),
        ['useTemplateSettings', 'instanceReleaseInfos.1.pipelineName'],
      ],
      [request(gateway).post(CREDENTIALS).set(developer).send({ credentialId: 'typed_pw', credentialType: 7, v1: 'x' }), ['credentialType']],
      [request(gateway).post(CREDENTIALS).set(developer).send({ credentialId: 'named_pw', credentialType: 'PASSWORD', credentialName: 'has space', v1: 'x' }), ['credentialName']],
    ];
    for (const [call, fields] of cases) {
      const refused = await call;
      expect(refused.status).toBe(400);
      expect(refused.body.status).toBe(2100004);
      expect(fieldsOf(refused).sort()).toEqual([...fields].sort());
      for (const field of fields) expect(refused.body.message).toContain(field);
    }
    expect(await counts()).toEqual(before);
    const status = await request(gateway).get(`${TEMPLATES}/${templateId}/draftStatus`).query({ actionType: 'EDIT' }).set(viewer);
    expect(status.body.data.status).toBe('EXISTS');
  });

  it('creates a credential with a blank name under its id, and edits it with the console’s form', async () => {
    // create_credential.vue submit: credentialRemark left undefined, credentialName as typed.
    const created = await request(gateway).post(CREDENTIALS).set(developer).send({ credentialId: 'console_pw', credentialType: 'PASSWORD', credentialName: '', v1: 'secret-1' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ credentialId: 'console_pw', credentialName: 'console_pw', credentialRemark: '' });
    const spaces = await request(gateway).post(CREDENTIALS).set(developer).send({ credentialId: 'spaced_pw', credentialType: 'PASSWORD', credentialName: '   ', credentialRemark: null, v1: 'secret-2' });
    expect(spaces.status).toBe(201);
    expect(spaces.body.data.credentialName).toBe('spaced_pw');

    // The edit form sends the id it edits, the masked value, and its name and remark fields.
    const named = await request(gateway)
      .put(`${CREDENTIALS}/console_pw`)
      .set(developer)
      .send({ credentialId: 'console_pw', credentialRemark: 'for the console', credentialType: 'PASSWORD', credentialName: 'console.password', v1: '******' });
    expect(named.status).toBe(200);
    expect(named.body.data).toMatchObject({ credentialName: 'console.password', credentialRemark: 'for the console' });
    const cleared = await request(gateway)
      .put(`${CREDENTIALS}/console_pw`)
      .set(developer)
      .send({ credentialId: 'console_pw', credentialRemark: '', credentialType: 'PASSWORD', credentialName: '', v1: '******' });
    expect(cleared.status).toBe(200);
    const row = await ticketData.getRepository(CredentialEntity).findOneByOrFail({ projectId: PROJECT, credentialId: 'console_pw' });
    expect(row).toMatchObject({ credentialName: 'console_pw', remark: '' });
    const shown = await request(gateway).get(`${CREDENTIALS}/console_pw/show`).set(developer);
    expect(shown.body.data.v1).toBe('secret-1');
  });

  it('edits certificates with the form the console builds from the detail it read', async () => {
    for (const [id, value] of [
      ['store_pw', 'store-pass-123'],
      ['alias_pw', 'alias-pass-456'],
    ]) {
      expect((await request(gateway).post(CREDENTIALS).set(developer).send({ credentialId: id, credentialType: 'PASSWORD', v1: value })).status).toBe(201);
    }
    /** The multipart form centificate/*.vue postData builds: every truthy field but the file names, and remark as certRemark. */
    const consoleForm = (call: request.Test, formData: Record<string, unknown>) => {
      for (const [key, value] of Object.entries(formData)) {
        if (key === 'remark' || key.endsWith('FileName') || !value) continue;
        if (Buffer.isBuffer(value)) call.attach(key, value, key === 'serverCrt' ? 'server.crt' : key === 'serverKey' ? 'server.key' : 'release.jks');
        else call.field(key, String(value));
      }
      if (formData.remark) call.field('certRemark', String(formData.remark));
      return call;
    };
    const detail = async (type: string, certId: string) => (await request(gateway).get(`${CERTS}/types/${type}`).query({ certId }).set(developer)).body.data;

    // ssl.vue on create: the empty client files are left out.
    const tls = await consoleForm(request(gateway).post(`${CERTS}/types/tls`).set(developer), {
      certId: 'console_tls',
      serverCrtFileName: 'server.crt',
      serverCrt: certificateFixture('tls.crt'),
      clientCrtFileName: '',
      clientCrt: '',
      clientKeyFileName: '',
      clientKey: '',
      serverKeyFileName: 'server.key',
      serverKey: certificateFixture('tls.key'),
      remark: 'first',
    });
    expect(tls.status).toBe(201);
    const tlsInfo = await detail('tls', 'console_tls');
    expect(tlsInfo).toEqual({ certId: 'console_tls', serverCrtFileName: 'server.crt', serverKeyFileName: 'server.key', clientCrtFileName: null, clientKeyFileName: null, remark: 'first' });
    const tlsEdit = await consoleForm(request(gateway).put(`${CERTS}/types/tls`).set(developer), { ...tlsInfo, remark: 'renewed' });
    expect(tlsEdit.status).toBe(200);
    expect(await detail('tls', 'console_tls')).toEqual({ ...tlsInfo, remark: 'renewed' });

    const android = await consoleForm(request(gateway).post(`${CERTS}/types/android`).set(developer), {
      certId: 'console_apk',
      jksFileName: 'release.jks',
      fileJks: certificateFixture('android.jks'),
      credentialId: 'store_pw',
      alias: 'Release-Key',
      aliasCredentialId: 'alias_pw',
      remark: 'signing',
    });
    expect(android.status).toBe(201);
    const androidInfo = await detail('android', 'console_apk');
    expect(androidInfo).toEqual({ certId: 'console_apk', jksFileName: 'release.jks', credentialId: 'store_pw', alias: 'Release-Key', aliasCredentialId: 'alias_pw', remark: 'signing' });
    // The user cleared the remark: the form then has no certRemark at all.
    const androidEdit = await consoleForm(request(gateway).put(`${CERTS}/types/android`).set(developer), { ...androidInfo, remark: '' });
    expect(androidEdit.status).toBe(200);
    expect(await detail('android', 'console_apk')).toEqual({ ...androidInfo, remark: '' });

    // A client that posts back a whole list row: its other fields and empty ones are ignored.
    const extra = await request(gateway)
      .put(`${CERTS}/types/tls`)
      .set(developer)
      .field('certId', 'console_tls')
      .field('certType', 'tls')
      .field('subject', 'CN=forged')
      .field('permissions', '[object Object]')
      .field('credentialId', '')
      .field('certRemark', 'third');
    expect(extra.status).toBe(200);
    const stored = await ticketData.getRepository(CertificateEntity).findOneByOrFail({ projectId: PROJECT, certId: 'console_tls' });
    expect(stored).toMatchObject({ remark: 'third', credentialId: null });
    expect(stored.subject).toContain('CN=test.bkci.local');

    const tooLong = await request(gateway).put(`${CERTS}/types/tls`).set(developer).field('certId', 'console_tls').field('certRemark', 'r'.repeat(1025));
    expect(tooLong.status).toBe(400);
    expect(fieldsOf(tooLong)).toEqual(['certRemark']);
    expect((await detail('tls', 'console_tls')).remark).toBe('third');
  });
});
