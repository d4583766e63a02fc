import request from 'supertest';
import { BuildFormProperty, Model, TriggerContainer } from '@bkci/pipeline-model';
import { buildModel, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'cinst';
const OTHER = 'cinstother';
const V2 = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;
const INST = `/ms/process/api/user/template/instances/v2/projects/${PROJECT}`;
const PIPELINES = `/ms/process/api/user/pipelines/${PROJECT}`;
const SETTING_GROUPS = ['CUSTOM_BUILD_NUM', 'LABEL', 'NOTICES', 'CONCURRENCY', 'FAIL_IF_VARIABLE_INVALID', 'BUILD_CANCEL_POLICY'];

const PARAMS: BuildFormProperty[] = [
  { id: 'env', type: 'STRING', required: true, defaultValue: 'dev' },
  { id: 'flavor', name: 'Flavor', type: 'ENUM', required: true, defaultValue: 'a', options: [{ key: 'a', value: 'a' }, { key: 'b', value: 'b' }] },
  { id: 'region', type: 'STRING', required: false, constant: true, defaultValue: 'north' },
];
const BUILD_NO = { buildNo: 5, buildNoType: 'CONSISTENT' as const, required: true };

function templateModel(script: string): Model {
  const model = buildModel('instanced', script);
  const trigger = model.stages[0].containers[0] as TriggerContainer;
  trigger.params = PARAMS;
  trigger.buildNo = BUILD_NO;
  return model;
}

const triggerOf = (model: Model) => model.stages[0].containers[0] as TriggerContainer;

/**
 * The calls BK-CI's console makes on a template's instance pages and on an instance pipeline's
 * header, replayed as its store actions build them (store/modules/templates, atom, and the
 * components that call them), extra fields included.
 */
describe('console instance pages through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;
  let outsider: Record<string, string>;
  let templateReader: Record<string, string>;
  let templateId: string;
  let v1: number;
  let v2: number;
  const ids: Record<string, string> = {};

  async function release(script: string, customVersionName: string): Promise<number> {
    const saved = await request(gateway).put(`${V2}/saveDraft`).query({ templateId }).set(developer).send({ type: 'PIPELINE', model: templateModel(script) });
    expect(saved.status).toBe(200);
    const released = await request(gateway).post(`${V2}/${templateId}/releaseVersion/${saved.body.data.version}`).set(developer).send({ customVersionName });
    expect(released.status).toBe(201);
    return released.body.data.version;
  }

  const latestVersion = async (pipelineId: string): Promise<number> => (await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer)).body.data.latestVersion;

  beforeAll(async () => {
    await env.start(processApp);
    gateway = (await env.start(openapiApp)).url;
    for (const [name, id] of [['Console instances', PROJECT], ['Other', OTHER]]) {
      expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: name, englishName: id })).status).toBe(201);
    }
    const readers = await request(gateway)
      .post(`/ms/process/api/user/projects/${PROJECT}/groups`)
      .set(ADMIN)
      .send({ groupCode: 'tplreaders', groupName: 'tplreaders', actions: ['pipeline_template_view', 'pipeline_template_list'] });
    expect(readers.status).toBe(201);
    developer = await memberToken(gateway, PROJECT, 'idev', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'iview', 'viewer');
    outsider = await memberToken(gateway, OTHER, 'iout', 'developer');
    templateReader = await memberToken(gateway, PROJECT, 'itpl', 'tplreaders');

    templateId = (await request(gateway).post(`${V2}/create`).set(developer).send({ type: 'PIPELINE', name: 'instanced' })).body.data.templateId;
    v1 = await release('make v1', 'v1.0');
    const created = await request(gateway)
      .post(`${INST}/templates/${templateId}`)
      .query({ version: v1 })
      .set(developer)
      .send({
        useTemplateSettings: false,
        instanceReleaseInfos: [
          { pipelineName: 'inst-a', param: [{ ...PARAMS[0], defaultValue: 'prod' }], overrideTemplateField: { paramIds: ['env'] } },
          { pipelineName: 'inst-b' },
          { pipelineName: 'inst-c', param: [{ ...PARAMS[1], defaultValue: 'c' }], overrideTemplateField: { paramIds: ['flavor'] } },
        ],
      });
    expect(created.body.data).toMatchObject({ status: 0, data: { failurePipelines: [] } });
    const [a, b, c] = created.body.data.data.successPipelinesId as string[];
    Object.assign(ids, { a, b, c });
    ids.plain = (await request(gateway).post(PIPELINES).set(developer).send(buildModel('plain'))).body.data.id;

    v2 = await release('make v2', 'v2.0');
    // MariaDB keeps update times to the second: the update must land in a later second than the
    // creation for the default order (most recently updated first) to be certain.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const updated = await request(gateway).put(`${INST}/templates/${templateId}`).query({ version: v2 }).set(developer).send({ instanceReleaseInfos: [{ pipelineId: b, pipelineName: 'inst-b' }] });
    expect(updated.body.data).toMatchObject({ status: 0, data: { successPipelinesId: [b] } });
  });

  afterAll(() => env.close());

  it('starts a new instance from a version or a ref (templateParamsById, templateParamsByRef)', async () => {
    // TemplateVersionSelector.vue: fetchTemplateParamsById / fetchTemplateParamsByRef build the query into the URL.
    const byId = await request(gateway).get(`${INST}/templates/${templateId}/templateParamsById?version=${v1}`).set(viewer);
    expect(byId.status).toBe(200);
    expect(byId.body.data).toEqual({
      pipelineId: '',
      pipelineName: '',
      buildNo: BUILD_NO,
      param: PARAMS.map((param) => ({ ...param, name: param.name ?? param.id })),
      updateBuildNo: null,
      repoHashId: null,
      filePath: null,
      triggerElements: triggerOf(templateModel('x')).elements,
      overrideTemplateField: { paramIds: ['env', 'flavor', 'BK_CI_BUILD_NO'], settingGroups: SETTING_GROUPS },
    });
    const byTag = await request(gateway).get(`${INST}/templates/${templateId}/templateParamsByRef?ref=refs/tags/v1.0`).set(viewer);
    expect(byTag.body.data).toEqual(byId.body.data);
    const byName = await request(gateway).get(`${INST}/templates/${templateId}/templateParamsByRef`).query({ ref: 'v2.0' }).set(viewer);
    expect(byName.status).toBe(200);

    expect((await request(gateway).get(`${INST}/templates/${templateId}/templateParamsByRef?ref=refs/heads/nowhere`).set(viewer)).status).toBe(404);
    expect((await request(gateway).get(`${INST}/templates/${templateId}/templateParamsById?version=${v1}`).set(outsider)).status).toBe(403);
    expect((await request(gateway).get(`${INST}/templates/${templateId}/templateParamsById?version=999999`).set(viewer)).status).toBe(404);
    expect((await request(gateway).get(`${INST}/templates/${templateId}/templateParamsById`).set(viewer)).status).toBe(400);
    const stage = (await request(gateway).post(`${V2}/create`).set(developer).send({ type: 'STAGE', name: 'a-stage' })).body.data;
    const notPipeline = await request(gateway).get(`${INST}/templates/${stage.templateId}/templateParamsById?version=${stage.version}`).set(viewer);
    expect(notPipeline.status).toBe(400);
    expect(notPipeline.body.message).toContain('PIPELINE');
  });

  it('reads a branch version of a PAC template by its ref', async () => {
    const push = (branch: string, isDefaultBranch: boolean, value: string) =>
      request(gateway)
        .post(`${V2}/pac/push`)
        .set(developer)
        .send({
          filePath: '.ci/templates/pac.yml',
          branch,
          isDefaultBranch,
          yaml: `version: v3.0\nname: pac-instanced\nvariables:\n  zone:\n    value: ${value}\nstages:\n  - name: build\n    jobs:\n      job1:\n        runs-on: docker\n        steps:\n          - run: make\n`,
        });
    const main = await push('master', true, 'main-zone');
    expect(main.status).toBe(200);
    expect((await push('feature/x', false, 'branch-zone')).status).toBe(200);
    const pacId = main.body.data.templateId;
    const atBranch = await request(gateway).get(`${INST}/templates/${pacId}/templateParamsByRef?ref=refs/heads/feature/x`).set(viewer);
    expect(atBranch.body.data.param.map((param: BuildFormProperty) => [param.id, param.defaultValue])).toEqual([['zone', 'branch-zone']]);
    const atMain = await request(gateway).get(`${INST}/templates/${pacId}/templateParamsByRef?ref=refs/tags/${encodeURIComponent(main.body.data.versionName)}`).set(viewer);
    expect(atMain.body.data.param.map((param: BuildFormProperty) => [param.id, param.defaultValue])).toEqual([['zone', 'main-zone']]);
  });

  it('loads the instances to upgrade as they stand, with the template’s choices (templates/{id}/pipelines)', async () => {
    // InstanceAside.vue fetchPipelineDetailById: the body is the list of pipeline ids.
    const loaded = await request(gateway).post(`${INST}/templates/${templateId}/pipelines?version=${v2}`).set(viewer).send([ids.a, ids.b, ids.c, ids.plain, 'no-such-pipeline', ids.a]);
    expect(loaded.status).toBe(200);
    expect(Object.keys(loaded.body.data).sort()).toEqual([ids.a, ids.b, ids.c].sort());
    const a = loaded.body.data[ids.a];
    expect(a).toMatchObject({ pipelineId: ids.a, pipelineName: 'inst-a', buildNo: BUILD_NO, overrideTemplateField: { paramIds: ['env'] }, repoHashId: null, filePath: null });
    expect(a.param.map((param: BuildFormProperty) => [param.id, param.name, param.defaultValue])).toEqual([
      ['env', 'env', 'prod'],
      ['flavor', 'Flavor', 'a'],
      ['region', 'region', 'north'],
    ]);
    expect(a.triggerElements.map((element: { '@type': string }) => element['@type'])).toEqual(['manualTrigger']);
    const flavorOfC = loaded.body.data[ids.c].param.find((param: BuildFormProperty) => param.id === 'flavor');
    expect(flavorOfC).toMatchObject({ defaultValue: 'c', options: [{ key: 'a', value: 'a' }, { key: 'b', value: 'b' }, { key: 'c', value: 'c' }] });

    const refused = await request(gateway).post(`${INST}/templates/${templateId}/pipelines?version=${v2}`).set(templateReader).send([ids.a]);
    expect(refused.status).toBe(403);
    expect(refused.body.data).toMatchObject({ action: 'pipeline_view' });
    expect((await request(gateway).post(`${INST}/templates/${templateId}/pipelines?version=${v2}`).set(outsider).send([ids.a])).status).toBe(403);
    const notIds = await request(gateway).post(`${INST}/templates/${templateId}/pipelines?version=${v2}`).set(viewer).send({ pipelineIds: [ids.a] });
    expect(notIds.status).toBe(400);
    expect(notIds.body.message).toContain('array');
  });

  it('shows an instance beside a template version ({templateId}/compare)', async () => {
    // templates/actions.js requestVersionCompare: pipelineId and comparedVersion in the URL.
    const compared = await request(gateway).get(`${INST}/${templateId}/compare?pipelineId=${ids.a}&comparedVersion=${v2}`).set(viewer);
    expect(compared.status).toBe(200);
    expect(compared.body.data).toMatchObject({ instanceName: 'inst-a', templateVersionName: 'v2.0' });
    expect(compared.body.data.baseVersionYaml).toContain('make v1');
    expect(compared.body.data.comparedVersionYaml).toContain('make v2');
    const latest = await request(gateway).get(`${INST}/${templateId}/compare?pipelineId=${ids.a}`).set(viewer);
    expect(latest.body.data).toEqual(compared.body.data);
    const older = await request(gateway).get(`${INST}/${templateId}/compare?pipelineId=${ids.a}&comparedVersion=${v1}`).set(viewer);
    expect(older.body.data.comparedVersionYaml).toContain('make v1');

    expect((await request(gateway).get(`${INST}/${templateId}/compare?pipelineId=${ids.plain}`).set(viewer)).status).toBe(400);
    expect((await request(gateway).get(`${INST}/${templateId}/compare?pipelineId=${ids.a}`).set(templateReader)).status).toBe(403);
    expect((await request(gateway).get(`${INST}/${templateId}/compare?pipelineId=${ids.a}`).set(outsider)).status).toBe(403);
  });

  it('lists instances with BK-CI’s fields, filters and order (instance list)', async () => {
    // templates/actions.js requestInstanceList: page and pageSize in the URL, the filters as axios params.
    const list = (query: Record<string, unknown>, who = developer, page = 1, pageSize = 20) =>
      request(gateway).get(`${INST}/templates/${templateId}?page=${page}&pageSize=${pageSize}`).query(query).set(who);
    const all = await list({});
    expect(all.status).toBe(200);
    expect(all.body.data.count).toBe(3);
    expect(all.body.data.records.map((row: { pipelineName: string }) => row.pipelineName)[0]).toBe('inst-b');
    const b = all.body.data.records[0];
    expect(b).toEqual({
      templateId,
      pipelineId: ids.b,
      pipelineName: 'inst-b',
      pipelineVersion: 2,
      pipelineVersionName: 'V2',
      fromTemplateVersion: v2,
      fromTemplateVersionName: 'v2.0',
      canEdit: true,
      status: 'UPDATED',
      enabledPac: false,
      repoHashId: null,
      repoAliasName: null,
      pullRequestUrl: null,
      instanceErrorInfo: null,
      updater: 'idev',
      updateTime: expect.any(Number),
    });
    const names = async (query: Record<string, unknown>) => (await list(query)).body.data.records.map((row: { pipelineName: string }) => row.pipelineName);
    expect(await names({ status: 'PENDING_UPDATE', sortType: 'PIPELINE_NAME', desc: false })).toEqual(['inst-a', 'inst-c']);
    expect(await names({ status: 'UPDATED' })).toEqual(['inst-b']);
    expect(await names({ templateVersion: v1, sortType: 'PIPELINE_NAME', desc: true })).toEqual(['inst-c', 'inst-a']);
    expect(await names({ pipelineName: 'inst-a' })).toEqual(['inst-a']);
    expect(await names({ updater: 'ide', sortType: 'PIPELINE_NAME', desc: 'false' })).toEqual(['inst-a', 'inst-b', 'inst-c']);
    expect(await names({ updater: 'nobody' })).toEqual([]);
    expect(await names({ sortType: 'VERSION', desc: false })).toEqual(['inst-a', 'inst-c', 'inst-b']);
    expect(await names({ repoHashId: 'some-repo', sortType: 'PIPELINE_NAME', desc: false })).toEqual(['inst-a', 'inst-b', 'inst-c']);
    const paged = await list({ sortType: 'PIPELINE_NAME', desc: false }, developer, 2, 2);
    expect(paged.body.data).toMatchObject({ count: 3, page: 2, pageSize: 2 });
    expect(paged.body.data.records.map((row: { pipelineName: string }) => row.pipelineName)).toEqual(['inst-c']);
    expect((await list({}, viewer)).body.data.records.every((row: { canEdit: boolean }) => row.canEdit === false)).toBe(true);
    expect((await list({ sortType: 'AGE' })).status).toBe(400);
    expect((await list({ desc: 'maybe' })).status).toBe(400);
    expect((await list({}, outsider)).status).toBe(403);

    const v1List = await request(gateway)
      .get(`/ms/process/api/user/templateInstances/projects/${PROJECT}/templates/${templateId}`)
      .query({ page: 1, pageSize: 10, searchKey: 'inst', sortType: 'PIPELINE_NAME', desc: true })
      .set(viewer);
    expect(v1List.body.data.instances.map((row: { pipelineName: string; status: string }) => [row.pipelineName, row.status])).toEqual([
      ['inst-c', 'PENDING_UPDATE'],
      ['inst-b', 'UPDATED'],
      ['inst-a', 'PENDING_UPDATE'],
    ]);
  });

  it('says which template version a pipeline version follows (related/info, related/details)', async () => {
    // PipelineNameCrumbItem.vue and atom/actions.js revertTemplateConstraint.
    const related = (kind: string, pipelineId: string, version: number, who = viewer) => request(gateway).get(`${V2}/pipelines/${pipelineId}/versions/${version}/related/${kind}`).set(who);
    const aVersion = await latestVersion(ids.a);
    const info = await related('info', ids.a, aVersion);
    expect(info.status).toBe(200);
    expect(info.body.data).toEqual({
      templateName: 'instanced',
      templateId,
      templateVersionName: 'v1.0',
      templateVersion: v1,
      refType: 'ID',
      templateDetailsUrl: `/console/pipeline/${PROJECT}/template/${templateId}/${v1}/pipeline`,
      upgradeFlag: true,
      upgradeUrl: `/console/pipeline/${PROJECT}/template/${templateId}/${v2}/instance/upgrade?pipelineId=${ids.a}&pipelineName=inst-a`,
    });
    const bLatest = await related('info', ids.b, await latestVersion(ids.b));
    expect(bLatest.body.data).toMatchObject({ templateVersion: v2, templateVersionName: 'v2.0', upgradeFlag: false, upgradeUrl: null });
    const bFirst = await related('info', ids.b, 1);
    expect(bFirst.body.data).toMatchObject({ templateVersion: v1, templateVersionName: 'v1.0', upgradeFlag: false, upgradeUrl: null });

    const details = await related('details', ids.b, 1);
    expect(details.body.data.resource).toMatchObject({ templateId, version: v1, versionName: 'v1.0', status: 'RELEASED' });
    expect(details.body.data).toMatchObject({ buildNo: BUILD_NO, yamlSupported: true, yamlInvalidMsg: null });
    expect(details.body.data.params.map((param: BuildFormProperty) => param.id)).toEqual(['env', 'flavor', 'region']);
    expect(details.body.data.yamlPreview.yaml).toContain('make v1');
    expect(details.body.data.yamlPreview.pipeline).toHaveLength(1);

    for (const kind of ['info', 'details']) {
      const plain = await related(kind, ids.plain, 1);
      expect(plain.body).toEqual({ status: 0, message: null, data: null });
      expect((await related(kind, ids.a, 99)).status).toBe(404);
      expect((await related(kind, ids.a, aVersion, outsider)).status).toBe(403);
      expect((await related(kind, ids.a, aVersion, templateReader)).status).toBe(403);
    }
  });
});
