import request from 'supertest';
import { Model } from '@bkci/pipeline-model';
import { buildModel, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'ctpl';
const SOURCE = 'ctplsrc';
const OTHER = 'ctplother';
// The console's PROCESS_API_URL_PREFIX is `process/api`, served by the gateway at /ms/process/api.
const V2 = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;
const V1 = `/ms/process/api/user/templates/projects/${PROJECT}/templates`;
const ATOMS = `/ms/process/api/user/template/v2/atoms/projects/${PROJECT}/templates`;
const groupsOf = (templateId: string) => `/ms/process/api/user/auth/resource/${PROJECT}/pipeline_template/${templateId}/groups`;

const SETTING = {
  labels: ['fast'],
  successSubscriptionList: [{ types: ['EMAIL'], groups: [], users: 'cdev', wechatGroupFlag: false, wechatGroup: '', wechatGroupMarkdownFlag: false, detailFlag: false, content: '' }],
  runLockType: 'GROUP_LOCK',
  concurrencyGroup: 'release',
};

/** A pipeline whose build job runs `script` and then a store plugin, which no store here can describe. */
function alphaModel(script: string): Model {
  const model = buildModel('alpha-build', script);
  model.stages[1].containers[0].elements.push({ '@type': 'marketBuild', id: 'e-1123456789abcdef0123456789abcdef', name: 'checkout', atomCode: 'checkout', version: '1.*', data: { input: {} } });
  return model;
}

/** Where the value of top-level `key` starts and ends in `yaml`, read off the text: a block value runs to the next top-level key. */
function blockMark(yaml: string, key: string) {
  const lines = yaml.split('\n');
  const at = lines.indexOf(`${key}:`);
  const next = lines.findIndex((line, index) => index > at && /^\S/.test(line));
  const first = lines[at + 1];
  return { startMark: { line: at + 1, column: first.length - first.trimStart().length }, endMark: { line: next === -1 ? lines.length - 1 : next, column: 0 } };
}

/**
 * The calls BK-CI's console makes on its template list, detail and preview pages, replayed as its
 * store actions build them (store/modules/templates, pipelines/pipelinesTemplate, atom, and the
 * atomstore's template picker), extra fields included.
 */
describe('console template pages through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;
  let manager: Record<string, string>;
  let outsider: Record<string, string>;
  let granted: Record<string, string>;
  let alpha: string;
  let alphaVersion: number;
  let beta: string;
  let gamma: string;
  let delta: string;

  async function create(type: string, name: string, desc: string): Promise<string> {
    const created = await request(gateway).post(`${V2}/create`).set(developer).send({ type, name, desc });
    expect(created.status).toBe(201);
    return created.body.data.templateId;
  }

  beforeAll(async () => {
    await env.start(processApp);
    gateway = (await env.start(openapiApp)).url;
    for (const [name, id] of [['Console templates', PROJECT], ['Source', SOURCE], ['Other', OTHER]]) {
      expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: name, englishName: id })).status).toBe(201);
    }
    developer = await memberToken(gateway, PROJECT, 'cdev', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'cview', 'viewer');
    manager = await memberToken(gateway, PROJECT, 'cman', 'manager');
    outsider = await memberToken(gateway, OTHER, 'cout', 'developer');
    granted = await memberToken(gateway, OTHER, 'cres', 'developer');

    alpha = await create('PIPELINE', 'alpha-build', 'builds alpha');
    const saved = await request(gateway).put(`${V2}/saveDraft`).query({ templateId: alpha }).set(developer).send({ type: 'PIPELINE', model: alphaModel('make alpha'), templateSetting: SETTING });
    expect(saved.status).toBe(200);
    const released = await request(gateway).post(`${V2}/${alpha}/releaseVersion/${saved.body.data.version}`).set(developer).send({ customVersionName: 'v1.0' });
    expect(released.status).toBe(201);
    alphaVersion = released.body.data.version;
    beta = await create('STAGE', 'beta-stage', 'a stage');
    gamma = await create('PIPELINE', 'gamma', 'other things');
    const managerSave = await request(gateway).put(`${V2}/saveDraft`).query({ templateId: gamma }).set(manager).send({ type: 'PIPELINE', model: buildModel('gamma', 'make gamma') });
    expect(managerSave.status).toBe(200);

    const shared = (await request(gateway).post(`/ms/process/api/user/pipeline/template/v2/${SOURCE}/create`).set(ADMIN).send({ type: 'PIPELINE', name: 'shared' })).body.data.templateId;
    const sharedDraft = await request(gateway).put(`/ms/process/api/user/pipeline/template/v2/${SOURCE}/saveDraft`).query({ templateId: shared }).set(ADMIN).send({ type: 'PIPELINE', model: buildModel('shared', 'echo shared') });
    await request(gateway).post(`/ms/process/api/user/pipeline/template/v2/${SOURCE}/${shared}/releaseVersion/${sharedDraft.body.data.version}`).set(ADMIN).send({});
    expect((await request(gateway).post(`/ms/process/api/user/pipeline/template/v2/${SOURCE}/${shared}/store/publish`).set(ADMIN).send({})).status).toBe(200);
    const installed = await request(gateway).post(`${V2}/create/market`).set(developer).send({ marketTemplateId: shared, name: 'delta-market' });
    expect(installed.status).toBe(201);
    delta = installed.body.data.templateId;

    expect((await request(gateway).post(`${groupsOf(alpha)}/viewer/members`).set(developer).send({ userIds: ['cres'] })).status).toBe(201);
  });

  afterAll(() => env.close());

  it('answers the list page’s permission questions (hasPipelineTemplatePermission, enableTemplatePermissionManage)', async () => {
    // templates/actions.js builds `…/hasPipelineTemplatePermission?&permission=${permission}`.
    const ask = (who: Record<string, string>, query: string) => request(gateway).get(`${V2}/hasPipelineTemplatePermission?&${query}`).set(who);
    expect((await ask(developer, 'permission=CREATE')).body).toEqual({ status: 0, message: null, data: true });
    expect((await ask(viewer, 'permission=CREATE')).body.data).toBe(false);
    expect((await ask(outsider, 'permission=VIEW')).body.data).toBe(false);
    expect((await ask(granted, `permission=VIEW&templateId=${alpha}`)).body.data).toBe(true);
    expect((await ask(granted, `permission=EDIT&templateId=${alpha}`)).body.data).toBe(false);
    expect((await ask(granted, `permission=VIEW&templateId=${gamma}`)).body.data).toBe(false);
    expect((await ask(developer, 'permission=EXECUTE')).body.data).toBe(false);
    const bad = await ask(developer, 'permission=FLY');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('permission');

    // pipelinesTemplate.js: the V1 paths, one of them a literal segment where `{templateId}` also fits.
    const enabled = await request(gateway).get(`${V1}/enableTemplatePermissionManage`).set(viewer);
    expect(enabled.status).toBe(200);
    expect(enabled.body.data).toBe(true);
    expect((await request(gateway).get(`${V2}/enableTemplatePermissionManage`).set(viewer)).body.data).toBe(true);
    expect((await request(gateway).get(`${V1}/${alpha}/hasPipelineTemplatePermission?permission=VIEW`).set(viewer)).body.data).toBe(true);
    expect((await request(gateway).get(`${V1}/${alpha}/hasPipelineTemplatePermission?permission=CREATE`).set(viewer)).body.data).toBe(false);
    expect((await request(gateway).get(`${V1}/${alpha}/hasPipelineTemplatePermission?permission=CREATE`).set(developer)).body.data).toBe(true);
    expect((await request(gateway).get(`${V1}/${alpha}/hasPipelineTemplatePermission?permission=VIEW`).set(outsider)).body.data).toBe(false);
  });

  it('counts the templates the caller may list by type and by source (getType2Count, getSource2Count)', async () => {
    const types = await request(gateway).get(`${V2}/getType2Count`).set(viewer);
    expect(types.status).toBe(200);
    expect(types.body.data).toEqual({ PIPELINE: 3, STAGE: 1, ALL: 4 });
    expect((await request(gateway).get(`${V2}/getType2Count`).set(granted)).body.data).toEqual({ PIPELINE: 1, ALL: 1 });
    expect((await request(gateway).get(`${V2}/getType2Count`).set(outsider)).status).toBe(403);

    // List/index.vue posts { projectId, ...searchParams } (name, desc, source, updater filters).
    const source = (who: Record<string, string>, filters: Record<string, unknown>) => request(gateway).post(`${V2}/getSource2Count`).set(who).send({ projectId: PROJECT, ...filters });
    expect((await source(viewer, {})).body.data).toEqual({ all: 4, custom: 3, market: 1 });
    expect((await source(viewer, { desc: 'alpha' })).body.data).toEqual({ all: 1, custom: 1, market: 0 });
    expect((await source(viewer, { mode: 'CONSTRAINT', updater: 'cdev' })).body.data).toEqual({ all: 1, custom: 0, market: 1 });
    expect((await source(viewer, { fuzzySearchName: 'zzz' })).body.data).toEqual({ all: 0, custom: 0, market: 0 });
    expect((await source(granted, {})).body.data).toEqual({ all: 1, custom: 1, market: 0 });
    expect((await source(outsider, {})).status).toBe(403);
    const badMode = await source(viewer, { mode: 'CUSTOMIZE,CONSTRAINT' });
    expect(badMode.status).toBe(400);
    expect(badMode.body.message).toContain('mode');

    const list = await request(gateway).post(`${V2}/list`).set(viewer).send({ projectId: PROJECT, page: 1, pageSize: 20, desc: 'alpha' });
    expect(list.body.data.records.map((row: { id: string }) => row.id)).toEqual([alpha]);
  });

  it('lists id, name and type for the store’s template picker (list/simple)', async () => {
    // devops-atomstore TemplateInfo.vue: released custom templates not yet in the store.
    const picker = await request(gateway)
      .post(`${V2}/list/simple`)
      .set(developer)
      .send({ projectId: PROJECT, page: 1, pageSize: 20, mode: 'CUSTOMIZE', latestVersionStatus: 'RELEASED', storeStatus: 'NEVER_PUBLISHED' });
    expect(picker.status).toBe(200);
    expect(picker.body.data.count).toBe(1);
    expect(picker.body.data.records).toEqual([{ id: alpha, name: 'alpha-build', type: 'PIPELINE' }]);
    const all = await request(gateway).post(`${V2}/list/simple`).set(viewer).send({ projectId: PROJECT, page: 1, pageSize: 2, orderBy: 'NAME', sort: 'ASC' });
    expect(all.body.data).toMatchObject({ count: 4, page: 1, pageSize: 2 });
    expect(all.body.data.records).toEqual([
      { id: alpha, name: 'alpha-build', type: 'PIPELINE' },
      { id: beta, name: 'beta-stage', type: 'STAGE' },
    ]);
    expect((await request(gateway).post(`${V2}/list/simple`).set(outsider).send({ projectId: PROJECT })).status).toBe(403);
  });

  it('lists who changed a template for the change log filter (operatorList)', async () => {
    const operators = await request(gateway).get(`${V2}/${alpha}/operatorList`).set(viewer);
    expect(operators.body.data).toEqual(['cdev']);
    expect((await request(gateway).get(`${V2}/${gamma}/operatorList`).set(viewer)).body.data).toEqual(['cdev', 'cman']);
    expect((await request(gateway).get(`${V2}/${alpha}/operatorList`).set(outsider)).status).toBe(403);
    expect((await request(gateway).get(`${V2}/no-such-template/operatorList`).set(manager)).status).toBe(404);
  });

  it('loads a template into the editor with its plugins’ props (requestTemplate: details + atom/prop/list)', async () => {
    // atom/actions.js requestTemplate: both calls at once; the prop list gets the route query (archiveFlag) and the version.
    const [details, props] = await Promise.all([
      request(gateway).get(`${V2}/${alpha}/${alphaVersion}/details/`).set(viewer),
      request(gateway).get(`${ATOMS}/${alpha}/atom/prop/list`).query({ archiveFlag: 'false', version: alphaVersion }).set(viewer),
    ]);
    expect(details.status).toBe(200);
    expect(props.status).toBe(200);
    expect(props.body.data).toEqual({
      manualTrigger: { atomCode: 'manualTrigger', os: ['LINUX', 'MACOS', 'WINDOWS'], logoUrl: null, buildLessRunFlag: false, versionOsMap: null },
      linuxScript: { atomCode: 'linuxScript', os: ['LINUX', 'MACOS'], logoUrl: null, buildLessRunFlag: true, versionOsMap: null },
    });
    const { yaml, ...highlightMap } = details.body.data.yamlPreview;
    expect(details.body.data).toMatchObject({ yamlSupported: true, yamlInvalidMsg: null, buildNo: null, setting: { labels: ['fast'] } });
    expect(yaml).toContain('make alpha');
    expect(highlightMap).toEqual({
      pipeline: [blockMark(yaml, 'stages')],
      trigger: [blockMark(yaml, 'on')],
      notice: [blockMark(yaml, 'notices')],
      setting: expect.arrayContaining([blockMark(yaml, 'label'), blockMark(yaml, 'concurrency')]),
    });

    const latest = await request(gateway).get(`${ATOMS}/${alpha}/atom/prop/list`).set(viewer);
    expect(Object.keys(latest.body.data).sort()).toEqual(['linuxScript', 'manualTrigger']);
    const stage = await request(gateway).get(`${ATOMS}/${beta}/atom/prop/list`).set(viewer);
    expect(stage.status).toBe(404);
    const betaDraft = (await request(gateway).get(`${V2}/${beta}/info`).set(viewer)).body.data;
    expect(betaDraft.releasedVersion).toBeNull();
    const draftVersion = (await request(gateway).get(`${V2}/${beta}/latest/details`).set(viewer)).body.data.resource.version;
    const emptyStage = await request(gateway).get(`${ATOMS}/${beta}/atom/prop/list`).query({ version: draftVersion }).set(viewer);
    expect(emptyStage.body).toEqual({ status: 0, message: null, data: null });
    expect((await request(gateway).get(`${ATOMS}/${alpha}/atom/prop/list`).set(outsider)).status).toBe(403);
  });

  it('previews a version with the part in question highlighted (V2 preview)', async () => {
    // PipelineTemplatePreview.vue: { version, highlightType } as axios params.
    const preview = (highlightType: string, who = viewer) => request(gateway).get(`${V2}/${alpha}/preview`).query({ version: alphaVersion, highlightType }).set(who);
    const label = await preview('LABEL');
    expect(label.status).toBe(200);
    const yaml = label.body.data.templateYaml as string;
    expect(label.body.data).toMatchObject({ hasPermission: true, yamlSupported: true, yamlInvalidMsg: null, setting: { concurrencyGroup: 'release' }, template: { name: 'alpha-build' } });
    expect(label.body.data.highlightMarkList).toEqual([blockMark(yaml, 'label')]);
    expect((await preview('NOTIFY')).body.data.highlightMarkList).toEqual([blockMark(yaml, 'notices')]);
    expect((await preview('CONCURRENCY')).body.data.highlightMarkList).toEqual([blockMark(yaml, 'concurrency')]);
    expect((await preview('PIPELINE_MODEL')).body.data.highlightMarkList).toEqual([blockMark(yaml, 'stages')]);
    const plain = await request(gateway).get(`${V2}/${alpha}/preview`).query({ version: alphaVersion }).set(viewer);
    expect(plain.body.data.highlightMarkList).toEqual([]);
    expect(plain.body.data.templateYaml).toBe(yaml);

    expect((await preview('LABEL', outsider)).status).toBe(403);
    expect((await preview('SHINY')).status).toBe(400);
    expect((await request(gateway).get(`${V2}/${alpha}/preview`).set(viewer)).status).toBe(400);
    expect((await request(gateway).get(`${V2}/${alpha}/preview`).query({ version: 999999 }).set(viewer)).status).toBe(404);
  });

  it('previews the latest release through V1, saying whether the caller manages the project', async () => {
    // pipelinesTemplate.js requestTemplatePreview: { highlightType } as axios params.
    const v1 = await request(gateway).get(`${V1}/${alpha}/preview`).query({ highlightType: 'PIPELINE_MODEL' }).set(developer);
    expect(v1.status).toBe(200);
    expect(v1.body.data.hasPermission).toBe(false);
    expect(v1.body.data.templateYaml).toContain('make alpha');
    expect(v1.body.data.highlightMarkList).toEqual([blockMark(v1.body.data.templateYaml, 'stages')]);
    expect((await request(gateway).get(`${V1}/${alpha}/preview`).set(manager)).body.data.hasPermission).toBe(true);
    expect((await request(gateway).get(`${V1}/${gamma}/preview`).set(viewer)).status).toBe(404);
    expect((await request(gateway).get(`${V1}/${beta}/preview`).set(viewer)).status).toBe(404);
    expect((await request(gateway).get(`${V1}/${delta}/preview`).set(viewer)).body.data.templateYaml).toContain('echo shared');
    expect((await request(gateway).get(`${V1}/${alpha}/preview`).set(outsider)).status).toBe(403);
  });
});
