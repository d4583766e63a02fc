import request from 'supertest';
import { buildModel, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { TemplatePipelineEntity } from '../apps/process/src/pipelines/entities/template-pipeline.entity';
import { processApp } from '../apps/process/src/process.app';
import { TemplateDraftVersionEntity } from '../apps/process/src/templates/entities/template-draft-version.entity';
import { TemplateInfoEntity } from '../apps/process/src/templates/entities/template-info.entity';
import { TemplateResourceVersionEntity } from '../apps/process/src/templates/entities/template-resource-version.entity';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'tpl';
const BASE = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;
const MAX_RELEASES = 3;

describe('templates V2 through the gateway', () => {
  const env = new TestEnvironment({ BKCI_TEMPLATE_MAX_RELEASED_VERSIONS: String(MAX_RELEASES) });
  let gateway: string;
  let dataSource: DataSource;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;

  async function createTemplate(name: string): Promise<{ templateId: string; version: number }> {
    const created = await request(gateway).post(`${BASE}/create`).set(developer).send({ type: 'PIPELINE', name });
    expect(created.status).toBe(201);
    return created.body.data;
  }

  async function saveDraft(templateId: string, script: string, extra: Record<string, unknown> = {}) {
    return request(gateway).put(`${BASE}/saveDraft`).query({ templateId }).set(developer).send({ type: 'PIPELINE', model: buildModel('ignored', script), ...extra });
  }

  /** Saves `script` into the draft and releases it; returns the released version. */
  async function release(templateId: string, script: string, customVersionName?: string): Promise<number> {
    const saved = await saveDraft(templateId, script);
    expect(saved.status).toBe(200);
    const released = await request(gateway).post(`${BASE}/${templateId}/releaseVersion/${saved.body.data.version}`).set(developer).send({ customVersionName });
    expect(released.status).toBe(201);
    return released.body.data.version;
  }

  const draftSaves = (templateId: string) => dataSource.getRepository(TemplateDraftVersionEntity).countBy({ templateId });
  const rows = (templateId: string) => dataSource.getRepository(TemplateResourceVersionEntity).find({ where: { templateId }, order: { number: 'ASC' } });

  beforeAll(async () => {
    const process = await env.start(processApp);
    dataSource = process.app.get(DataSource);
    gateway = (await env.start(openapiApp)).url;
    const project = await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Templates', englishName: PROJECT });
    expect(project.status).toBe(201);
    developer = await memberToken(gateway, PROJECT, 'dora', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'vic', 'viewer');
  });

  afterAll(() => env.close());

  it('creates a template as a draft, saves, prefetches and releases it', async () => {
    const { templateId, version } = await createTemplate('build-template');
    const info = await request(gateway).get(`${BASE}/${templateId}/info`).set(viewer);
    expect(info.body.data).toMatchObject({ name: 'build-template', type: 'PIPELINE', mode: 'CUSTOMIZE', latestVersionStatus: 'COMMITTING', releasedVersion: null });

    const saved = await saveDraft(templateId, 'make');
    expect(saved.body.data).toMatchObject({ templateId, version, draftVersion: 2, versionAction: 'SAVE_DRAFT' });

    const prefetch = await request(gateway).get(`${BASE}/${templateId}/releaseVersion/${version}/prefetch`).set(developer);
    expect(prefetch.body.data).toEqual({ templateId, templateName: 'build-template', version, number: 1, newVersionNum: 1, newVersionName: 'V1(P1.T1.1)' });

    const released = await request(gateway).post(`${BASE}/${templateId}/releaseVersion/${version}`).set(developer).send({ description: 'first' });
    expect(released.status).toBe(201);
    expect(released.body.data).toMatchObject({ version, versionNum: 1, versionName: 'V1(P1.T1.1)', versionAction: 'RELEASE_DRAFT' });

    const details = await request(gateway).get(`${BASE}/${templateId}/${version}/details`).set(viewer);
    expect(details.body.data.resource).toMatchObject({ status: 'RELEASED', versionName: 'V1(P1.T1.1)', description: 'first' });
    expect(details.body.data.resource.model.stages[1].containers[0].elements[0].script).toBe('make');
    expect(details.body.data.yamlSupported).toBe(true);
    expect(details.body.data.yamlPreview.yaml).toContain('make');
    expect(details.body.data.yamlPreview.pipeline).toHaveLength(1);

    const again = await request(gateway).post(`${BASE}/${templateId}/releaseVersion/${version}`).set(developer).send({});
    expect(again.status).toBe(409);
    expect(again.body.status).toBe(2101105);

    const exported = await request(gateway).get(`${BASE}/${templateId}/export`).set(viewer);
    expect(exported.status).toBe(200);
    expect(exported.headers['content-disposition']).toContain('build-template.yml');
    expect(exported.text).toContain('make');

    const second = await release(templateId, 'make test');
    const secondDetails = await request(gateway).get(`${BASE}/${templateId}/${second}/details`).set(viewer);
    expect(secondDetails.body.data.resource).toMatchObject({ versionNum: 2, versionName: 'V2(P2.T1.1)', baseVersion: version });
  });

  it('keeps a renamed draft\'s name in the draft until it is released, and prefetch shows that name', async () => {
    const { templateId, version } = await createTemplate('before-rename');
    const renamed = { pipelineName: 'after-rename', desc: 'new words', runLockType: 'MULTIPLE' };
    const saved = await saveDraft(templateId, 'make', { templateSetting: renamed });
    expect(saved.status).toBe(200);
    expect(saved.body.data).toMatchObject({ templateId, templateName: 'before-rename' });

    const head = await request(gateway).get(`${BASE}/${templateId}/info`).set(viewer);
    expect(head.body.data).toMatchObject({ name: 'before-rename', description: '' });
    const prefetch = await request(gateway).get(`${BASE}/${templateId}/releaseVersion/${version}/prefetch`).set(developer);
    expect(prefetch.body.data).toMatchObject({ templateId, templateName: 'after-rename' });

    const released = await request(gateway).post(`${BASE}/${templateId}/releaseVersion/${version}`).set(developer).send({});
    expect(released.status).toBe(201);
    const after = await request(gateway).get(`${BASE}/${templateId}/info`).set(viewer);
    expect(after.body.data).toMatchObject({ name: 'after-rename', description: 'new words' });
  });

  it('refuses a duplicate custom version name and changes nothing', async () => {
    const { templateId } = await createTemplate('named-releases');
    await release(templateId, 'one', 'stable');
    const saved = await saveDraft(templateId, 'two');
    const duplicate = await request(gateway).post(`${BASE}/${templateId}/releaseVersion/${saved.body.data.version}`).set(developer).send({ customVersionName: 'stable' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.status).toBe(2101106);
    const draft = await request(gateway).get(`${BASE}/${templateId}/${saved.body.data.version}/details`).set(viewer);
    expect(draft.body.data.resource.status).toBe('COMMITTING');
    const exists = await request(gateway).get(`${BASE}/${templateId}/versionNameExist`).query({ versionName: 'stable' }).set(viewer);
    expect(exists.body.data).toBe(true);
  });

  it('answers a Model with errors with 400 naming the JSON path, and stores nothing', async () => {
    const { templateId } = await createTemplate('bad-model');
    const before = await draftSaves(templateId);
    const model = buildModel('x') as unknown as { stages: Array<{ containers: Array<{ elements: Array<Record<string, unknown>> }> }> };
    delete model.stages[1].containers[0].elements[0]['@type'];
    const saved = await request(gateway).put(`${BASE}/saveDraft`).query({ templateId }).set(developer).send({ type: 'PIPELINE', model });
    expect(saved.status).toBe(400);
    expect(saved.body.status).toBe(2101104);
    expect(saved.body.message).toContain('stages[1].containers[0].elements[0].@type');
    expect(await draftSaves(templateId)).toBe(before);
  });

  it('takes a draft as v3.0 YAML and reports a YAML error with its line', async () => {
    const { templateId } = await createTemplate('from-yaml');
    const yaml = 'version: v3.0\nname: from-yaml\nstages:\n  - name: build\n    jobs:\n      job1:\n        runs-on: docker\n        steps:\n          - run: echo from yaml\n';
    const saved = await request(gateway).put(`${BASE}/saveDraft`).query({ templateId }).set(developer).send({ type: 'PIPELINE', storageType: 'YAML', yaml });
    expect(saved.status).toBe(200);
    const latest = await request(gateway).get(`${BASE}/${templateId}/latest/details`).set(viewer);
    expect(JSON.stringify(latest.body.data.resource.model)).toContain('echo from yaml');
    const at = (line: number, column: number) => ({ line, column });
    expect(latest.body.data.yamlPreview).toEqual({
      yaml,
      pipeline: [{ startMark: at(3, 2), endMark: at(9, 0) }],
      trigger: [],
      notice: [],
      setting: [
        { startMark: at(0, 9), endMark: at(0, 13) },
        { startMark: at(1, 6), endMark: at(1, 15) },
      ],
    });

    const broken = await request(gateway).put(`${BASE}/saveDraft`).query({ templateId }).set(developer).send({ type: 'PIPELINE', storageType: 'YAML', yaml: 'version: v3.0\nstages: [\n' });
    expect(broken.status).toBe(400);
    expect(broken.body.status).toBe(2101801);
    expect(broken.body.message).toMatch(/template\.yml:\d+:\d+/);
  });

  it('refuses a viewer with 403 and changes nothing', async () => {
    const { templateId } = await createTemplate('guarded');
    const before = await draftSaves(templateId);
    const saved = await request(gateway).put(`${BASE}/saveDraft`).query({ templateId }).set(viewer).send({ type: 'PIPELINE', model: buildModel('x') });
    expect(saved.status).toBe(403);
    const created = await request(gateway).post(`${BASE}/create`).set(viewer).send({ type: 'PIPELINE', name: 'nope' });
    expect(created.status).toBe(403);
    const deleted = await request(gateway).delete(`${BASE}/${templateId}/delete`).set(viewer);
    expect(deleted.status).toBe(403);
    expect(await draftSaves(templateId)).toBe(before);
    expect(await dataSource.getRepository(TemplateInfoEntity).countBy({ projectId: PROJECT, name: 'nope' })).toBe(0);
  });

  it('serialises 20 concurrent draft saves: none lost, draft versions unique and increasing', async () => {
    const { templateId, version } = await createTemplate('busy');
    const scripts = Array.from({ length: 20 }, (_, i) => `echo save-${i}`);
    const responses = await Promise.all(scripts.map((script) => saveDraft(templateId, script)));
    expect(responses.map((response) => response.status)).toEqual(scripts.map(() => 200));
    const draftVersions = responses.map((response) => response.body.data.draftVersion as number).sort((a, b) => a - b);
    expect(draftVersions).toEqual(Array.from({ length: 20 }, (_, i) => i + 2));
    expect(responses.every((response) => response.body.data.version === version)).toBe(true);

    const history = await dataSource.getRepository(TemplateDraftVersionEntity).find({ where: { templateId }, order: { draftVersion: 'ASC' } });
    expect(history.map((save) => save.draftVersion)).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    const savedScripts = history.slice(1).map((save) => JSON.stringify(save.model).match(/echo save-\d+/)?.[0]);
    expect(new Set(savedScripts)).toEqual(new Set(scripts));

    const last = responses.find((response) => response.body.data.draftVersion === 21)!;
    const lastScript = scripts[responses.indexOf(last)];
    const latest = await request(gateway).get(`${BASE}/${templateId}/latest/details`).set(viewer);
    expect(latest.body.data.resource.model.stages[1].containers[0].elements[0].script).toBe(lastScript);
  });

  it('refuses a save based on an outdated draft save', async () => {
    const { templateId } = await createTemplate('conflict');
    await saveDraft(templateId, 'a', { baseDraftVersion: 1 });
    const stale = await saveDraft(templateId, 'b', { baseDraftVersion: 1 });
    expect(stale.status).toBe(409);
    expect(stale.body.status).toBe(2101109);
  });

  it('lists versions and draft saves, compares versions structurally, rolls back, and logs each operation', async () => {
    const { templateId } = await createTemplate('history');
    const v1 = await release(templateId, 'echo one');
    const v2 = await release(templateId, 'echo two');

    const versions = await request(gateway).post(`${BASE}/${templateId}/versions`).set(viewer).send({ status: 'RELEASED' });
    expect(versions.body.data.records.map((row: { version: number }) => row.version)).toEqual([v2, v1]);

    const compare = await request(gateway).get(`${BASE}/${templateId}/compare`).query({ baseVersion: v1, comparedVersion: v2 }).set(viewer);
    expect(compare.status).toBe(200);
    expect(compare.body.data.modelChanges).toEqual([
      { path: 'stages[1].containers[0].elements[0].script', kind: 'changed', before: 'echo one', after: 'echo two' },
    ]);

    const rolledBack = await request(gateway).post(`${BASE}/${templateId}/rollbackDraft`).query({ version: v1 }).set(developer);
    expect(rolledBack.status).toBe(201);
    const draft = await request(gateway).get(`${BASE}/${templateId}/latest/details`).set(viewer);
    expect(draft.body.data.resource).toMatchObject({ status: 'COMMITTING', baseVersion: v1 });
    expect(draft.body.data.resource.model.stages[1].containers[0].elements[0].script).toBe('echo one');

    const saves = await request(gateway).get(`${BASE}/${templateId}/draftVersions`).set(viewer);
    expect(saves.body.data.records.map((save: { draftVersion: number }) => save.draftVersion)).toEqual([1]);

    const log = await request(gateway).get(`${BASE}/${templateId}/operationLog`).query({ pageSize: 20 }).set(viewer);
    expect(log.body.data.records.map((entry: { operationType: string }) => entry.operationType)).toEqual([
      'ROLLBACK_DRAFT',
      'RELEASE_MASTER_VERSION',
      'SAVE_DRAFT_VERSION',
      'RELEASE_MASTER_VERSION',
      'SAVE_DRAFT_VERSION',
      'CREATE_TEMPLATE',
    ]);
  });

  it(`keeps at most ${MAX_RELEASES} releases, never dropping the latest`, async () => {
    const { templateId } = await createTemplate('capped');
    const released: number[] = [];
    for (let i = 1; i <= MAX_RELEASES + 2; i++) released.push(await release(templateId, `echo ${i}`));
    const kept = (await rows(templateId)).filter((row) => row.status === 'RELEASED').map((row) => row.version);
    expect(kept).toEqual(released.slice(-MAX_RELEASES));
  });

  it('copies a released template; a template without a release cannot be copied', async () => {
    const { templateId } = await createTemplate('original');
    await release(templateId, 'echo original');
    const copy = await request(gateway).post(`${BASE}/copy`).set(developer).send({ srcTemplateId: templateId, copySetting: true, name: 'the-copy' });
    expect(copy.status).toBe(201);
    expect(copy.body.data).toMatchObject({ templateName: 'the-copy', versionName: 'V1(P1.T1.1)', versionAction: 'CREATE_RELEASE' });
    const copied = await request(gateway).get(`${BASE}/${copy.body.data.templateId}/latest/details`).set(viewer);
    expect(copied.body.data.resource.model).toMatchObject({ name: 'the-copy' });

    const sameName = await request(gateway).post(`${BASE}/copy`).set(developer).send({ srcTemplateId: templateId, copySetting: false, name: 'the-copy' });
    expect(sameName.status).toBe(409);
    expect(sameName.body.status).toBe(2101103);

    const { templateId: unreleased } = await createTemplate('unreleased');
    const refused = await request(gateway).post(`${BASE}/copy`).set(developer).send({ srcTemplateId: unreleased, copySetting: false, name: 'copy-2' });
    expect(refused.status).toBe(409);
    expect(refused.body.status).toBe(2101112);
  });

  it('deletes versions and templates, but not the latest release nor a template with instances', async () => {
    const { templateId } = await createTemplate('deletable');
    const v1 = await release(templateId, 'echo 1');
    const v2 = await release(templateId, 'echo 2');
    const latest = await request(gateway).delete(`${BASE}/${templateId}/${v2}`).set(developer);
    expect(latest.status).toBe(409);
    expect(latest.body.status).toBe(2101107);
    expect((await request(gateway).delete(`${BASE}/${templateId}/${v1}`).set(developer)).status).toBe(200);
    const gone = await request(gateway).get(`${BASE}/${templateId}/${v1}/details`).set(viewer);
    expect(gone.status).toBe(404);

    const pipeline = await request(gateway).post(`/ms/process/api/user/pipelines/${PROJECT}`).set(developer).send(buildModel('instance-of-deletable'));
    const now = new Date();
    await dataSource.getRepository(TemplatePipelineEntity).insert({
      pipelineId: pipeline.body.data.id,
      projectId: PROJECT,
      templateId,
      templateVersion: v2,
      templateVersionName: 'V2',
      instanceType: 'CONSTRAINT',
      rootTemplateId: templateId,
      buildNo: null,
      params: [],
      status: 'UPDATED',
      instanceErrorInfo: null,
      deleted: false,
      creator: 'dora',
      updater: 'dora',
      createdAt: now,
      updatedAt: now,
    } as never);
    const refused = await request(gateway).delete(`${BASE}/${templateId}/delete`).set(developer);
    expect(refused.status).toBe(409);
    expect(refused.body.status).toBe(2101108);

    const { templateId: free } = await createTemplate('free');
    expect((await request(gateway).delete(`${BASE}/${free}/delete`).set(developer)).status).toBe(200);
    expect((await request(gateway).get(`${BASE}/${free}/info`).set(viewer)).status).toBe(404);
    expect(await rows(free)).toEqual([]);
  });

  it('tells the editor whether its draft collides (draftStatus)', async () => {
    const { templateId } = await createTemplate('status');
    await release(templateId, 'echo 1');
    const draft = await saveDraft(templateId, 'echo draft');
    const status = (query: Record<string, unknown>) => request(gateway).get(`${BASE}/${templateId}/draftStatus`).query(query).set(viewer);
    expect((await status({ actionType: 'EDIT' })).body.data).toMatchObject({ status: 'EXISTS', draft: { draftVersion: 1 } });
    expect((await status({ actionType: 'SAVE', baseDraftVersion: 1 })).body.data.status).toBe('NORMAL');
    await saveDraft(templateId, 'echo draft 2');
    expect((await status({ actionType: 'SAVE', baseDraftVersion: 1 })).body.data.status).toBe('CONFLICT');

    expect((await status({ actionType: 'RELEASE' })).body.data.status).toBe('NORMAL');
    expect(draft.status).toBe(200);

    // A release made elsewhere (here the V1 API) leaves the draft based on an older release.
    const v1 = await request(gateway).put(`/ms/process/api/user/templates/projects/${PROJECT}/templates/${templateId}`).query({ versionName: 'from-v1' }).set(developer).send(buildModel('status', 'echo v1'));
    expect(v1.status).toBe(200);
    expect((await status({ actionType: 'RELEASE' })).body.data.status).toBe('CONFLICT');
    expect((await status({ actionType: 'EDIT' })).body.data).toMatchObject({ status: 'CONFLICT', release: { versionName: 'from-v1' } });
    expect((await status({ actionType: 'WHATEVER' })).status).toBe(400);
  });

  it('switches a template between Model and YAML for the editor (transfer), storing nothing', async () => {
    const toYaml = await request(gateway).post(`${BASE}/transfer`).query({ storageType: 'MODEL' }).set(viewer).send({ templateType: 'PIPELINE', templateModel: buildModel('editor', 'echo editor') });
    expect(toYaml.status).toBe(200);
    expect(toYaml.body.data.yamlWithVersion).toContain('echo editor');
    const back = await request(gateway).post(`${BASE}/transfer`).query({ storageType: 'YAML' }).set(viewer).send({ templateType: 'PIPELINE', yaml: toYaml.body.data.yamlWithVersion });
    expect(back.status).toBe(200);
    expect(JSON.stringify(back.body.data.templateModel)).toContain('echo editor');
    const broken = await request(gateway).post(`${BASE}/transfer`).query({ storageType: 'YAML' }).set(viewer).send({ templateType: 'PIPELINE', yaml: 'version: v3.0\nstages: [\n' });
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/template\.yml:\d+:\d+/);
  });

  it('lists templates with filters and paging; bad input is a 400', async () => {
    const list = await request(gateway).post(`${BASE}/list`).set(viewer).send({ fuzzySearchName: 'build', type: 'PIPELINE', page: 1, pageSize: 5 });
    expect(list.status).toBe(200);
    expect(list.body.data.records.map((row: { name: string }) => row.name)).toEqual(['build-template']);
    expect(list.body.data.records[0]).toMatchObject({ canView: true, canEdit: false, canDelete: false, canManage: false });
    const asDeveloper = await request(gateway).post(`${BASE}/list`).set(developer).send({ fuzzySearchName: 'build' });
    // The developer created it, so they manage it; a project developer alone may not manage templates.
    expect(asDeveloper.body.data.records[0]).toMatchObject({ canView: true, canEdit: true, canDelete: true, canManage: true });
    const pickable = await request(gateway).get(`${BASE}/allTemplates`).set(viewer);
    const picked = pickable.body.data.templates as Array<{ name: string; versionName: string }>;
    expect(picked.find((t) => t.name === 'build-template')).toMatchObject({ versionName: 'V2(P2.T1.1)' });
    expect(picked.map((t) => t.name)).not.toContain('guarded');
    const bad = await request(gateway).post(`${BASE}/list`).set(viewer).send({ type: 'PIPELINES' });
    expect(bad.status).toBe(400);
    const badCreate = await request(gateway).post(`${BASE}/create`).set(developer).send({ type: 'PIPELINE', name: '' });
    expect(badCreate.status).toBe(400);
  });
});
