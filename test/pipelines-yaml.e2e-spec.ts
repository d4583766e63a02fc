import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { Model } from '@bkci/pipeline-model';
import { buildModel, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { PipelineInfoEntity } from '../apps/process/src/pipelines/entities/pipeline-info.entity';
import { PipelineResourceVersionEntity } from '../apps/process/src/pipelines/entities/pipeline-resource-version.entity';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'yamlpipes';
const OTHER = 'yamlother';
const PIPELINES = `/ms/process/api/user/pipelines/${PROJECT}`;
const VERSION_API = `/ms/process/api/user/version/projects/${PROJECT}`;
const TRANSFER = `/ms/process/api/user/transfer/projects/${PROJECT}`;
const V4 = `/ms/openapi/api/apigw-user/v4/projects/${PROJECT}`;

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures/yaml/pipelines', name), 'utf8');
const HELLO = fixture('hello.yml');
const BAD_INDENT = fixture('bad-indent.yml');
const BAD_SCHEMA = fixture('bad-schema.yml');
/** hello.yml with another script in its step (and its comments kept). */
const HELLO_EDITED = HELLO.replace('script: echo "${{ variables.GREETING }} world"', 'script: echo "${{ variables.GREETING }} again"');

const scriptOf = (model: Model) => (model.stages[1].containers[0].elements[0] as { script?: string }).script;

/**
 * Pipelines written as v3.0 YAML, created and edited the way BK-CI's console does it (saveDraft with
 * storageType YAML, then releaseVersion; the transfer for the editor's switch), and BK-CI's OpenAPI v4
 * pipeline calls, all through the gateway.
 */
describe('YAML pipelines and the v4 pipeline calls', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let dataSource: DataSource;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;

  const pipelineCount = () => dataSource.getRepository(PipelineInfoEntity).countBy({ projectId: PROJECT });
  const versionCount = () => dataSource.getRepository(PipelineResourceVersionEntity).countBy({ projectId: PROJECT });
  const saveDraft = (body: object, as = developer, project = PROJECT) =>
    request(gateway).post(`/ms/process/api/user/version/projects/${project}/saveDraft`).set(as).send(body);
  const release = (pipelineId: string, version: number, as = developer) =>
    request(gateway).post(`${VERSION_API}/pipelines/${pipelineId}/releaseVersion/${version}`).set(as).send({ enablePac: false, description: 'first' });
  const version = (pipelineId: string, number: number) => request(gateway).get(`${VERSION_API}/pipelines/${pipelineId}/versions/${number}`).set(viewer);

  beforeAll(async () => {
    const process = await env.start(processApp);
    dataSource = process.app.get(DataSource);
    gateway = (await env.start(openapiApp)).url;
    for (const project of [PROJECT, OTHER]) {
      expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: project, englishName: project })).status).toBe(201);
    }
    developer = await memberToken(gateway, PROJECT, 'yuri', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'yara', 'viewer');
  });

  afterAll(() => env.close());

  it('switches the editor between YAML and Model without saving anything', async () => {
    const before = [await pipelineCount(), await versionCount()];
    const toModel = await request(gateway).post(TRANSFER).query({ actionType: 'FULL_YAML2MODEL' }).set(viewer).send({ oldYaml: HELLO });
    expect(toModel.status).toBe(201);
    expect(toModel.body.data).toMatchObject({ newYaml: HELLO, yamlSupported: true, yamlInvalidMsg: null });
    expect(toModel.body.data.modelAndSetting.model.name).toBe('hello-yaml');
    expect(scriptOf(toModel.body.data.modelAndSetting.model)).toBe('echo "${{ variables.GREETING }} world"');
    expect(toModel.body.data.modelAndSetting.setting).toMatchObject({ pipelineName: 'hello-yaml', desc: 'say hello from YAML', runLockType: 'MULTIPLE' });

    const toYaml = await request(gateway).post(TRANSFER).query({ actionType: 'FULL_MODEL2YAML' }).set(viewer).send({ modelAndSetting: { model: buildModel('from-model', 'make all') } });
    expect(toYaml.status).toBe(201);
    expect(toYaml.body.data.yamlSupported).toBe(true);
    expect(toYaml.body.data.newYaml).toContain('version: v3.0');
    expect(toYaml.body.data.newYaml).toContain('name: from-model');
    expect(toYaml.body.data.newYaml).toContain('make all');

    // Back to YAML after a Model edit: the YAML the editor showed keeps its comments.
    const edited = toModel.body.data.modelAndSetting.model;
    edited.stages[1].containers[0].elements[0].script = 'echo edited';
    const back = await request(gateway).post(TRANSFER).query({ actionType: 'FULL_MODEL2YAML' }).set(viewer).send({ modelAndSetting: toModel.body.data.modelAndSetting, oldYaml: HELLO });
    expect(back.status).toBe(201);
    expect(back.body.data.newYaml).toContain('# The first pipeline of the README');
    expect(back.body.data.newYaml).toContain('# a built-in script step');
    expect(back.body.data.newYaml).toContain('echo edited');

    const broken = await request(gateway).post(TRANSFER).query({ actionType: 'FULL_YAML2MODEL' }).set(viewer).send({ oldYaml: BAD_INDENT });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ status: 2101801, data: { file: 'pipeline.yml', line: 10, column: 1 } });
    const unknownAction = await request(gateway).post(TRANSFER).query({ actionType: 'YAML_INSERT_TASK' }).set(viewer).send({ oldYaml: HELLO });
    expect(unknownAction.status).toBe(400);
    expect(unknownAction.body.message).toContain('actionType must be one of FULL_MODEL2YAML, FULL_YAML2MODEL');
    expect([await pipelineCount(), await versionCount()]).toEqual(before);
  });

  it('creates a pipeline from YAML as a draft, releases it, and reads back the Model and the YAML as written', async () => {
    const saved = await saveDraft({ storageType: 'YAML', yaml: HELLO, baseVersion: 0 });
    expect(saved.status).toBe(201);
    const pipelineId = saved.body.data.pipelineId as string;
    expect(saved.body.data).toEqual({
      pipelineId,
      pipelineName: 'hello-yaml',
      version: 1,
      versionNum: null,
      versionName: null,
      targetUrl: null,
      pullRequestId: null,
      yamlInfo: null,
      updateBuildNo: null,
    });

    // Only a draft so far: no release to show or to run.
    const unreleased = await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer);
    expect(unreleased.status).toBe(404);
    expect(unreleased.body.message).toContain('has no released version yet');
    const draft = await version(pipelineId, 1);
    expect(draft.status).toBe(200);
    expect(draft.body.data).toMatchObject({ version: 1, versionStatus: 'COMMITTING', yamlSupported: true, yamlPreview: { yaml: HELLO } });
    const draftDetail = await request(gateway).get(`${VERSION_API}/pipelines/${pipelineId}/detail`).set(viewer);
    expect(draftDetail.status).toBe(200);
    expect(draftDetail.body.data).toMatchObject({
      pipelineName: 'hello-yaml',
      version: 1,
      versionName: null,
      versionStatus: 'COMMITTING',
      releaseVersion: null,
      releaseVersionName: null,
      baseVersion: null,
      canDebug: true,
      canRelease: true,
      canManualStartup: false,
      latestVersionStatus: 'COMMITTING',
      runLockType: null,
    });
    const listed = await request(gateway).get(PIPELINES).query({ filterByPipelineName: 'hello-yaml' }).set(viewer);
    expect(listed.body.data.records.map((row: { pipelineId: string; latestVersionStatus: string }) => [row.pipelineId, row.latestVersionStatus])).toEqual([[pipelineId, 'COMMITTING']]);

    const released = await release(pipelineId, 1);
    expect(released.status).toBe(201);
    expect(released.body.data).toMatchObject({ pipelineId, pipelineName: 'hello-yaml', version: 1, versionNum: 1, versionName: 'V1' });

    const model = await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer);
    expect(model.status).toBe(200);
    expect(model.body.data).toMatchObject({ name: 'hello-yaml', desc: 'say hello from YAML', latestVersion: 1 });
    expect(model.body.data.stages).toHaveLength(2);
    expect(model.body.data.stages[1].containers[0]).toMatchObject({ '@type': 'vmBuild', jobId: 'say', name: 'say hello' });
    expect(scriptOf(model.body.data)).toBe('echo "${{ variables.GREETING }} world"');
    const first = await version(pipelineId, 1);
    // The YAML is stored as the client wrote it, comments included.
    expect(first.body.data).toMatchObject({ version: 1, versionName: 'V1', versionStatus: 'RELEASED', yamlPreview: { yaml: HELLO } });
    expect(first.body.data.yamlPreview.yaml).toContain('# a built-in script step');
    expect(first.body.data.modelAndSetting.setting).toMatchObject({ pipelineName: 'hello-yaml' });

    // Releasing again: there is no draft any more.
    const twice = await release(pipelineId, 1);
    expect(twice.status).toBe(404);
    expect(twice.body.status).toBe(2101039);
  });

  it('edits a YAML pipeline: the draft leaves the release alone until it is released', async () => {
    const pipelineId = (await saveDraft({ storageType: 'YAML', yaml: HELLO.replace('name: hello-yaml', 'name: edit-yaml') })).body.data.pipelineId as string;
    expect((await release(pipelineId, 1)).status).toBe(201);

    const edited = await saveDraft({ pipelineId, storageType: 'YAML', yaml: HELLO_EDITED.replace('name: hello-yaml', 'name: edit-yaml'), baseVersion: 1 });
    expect(edited.status).toBe(201);
    expect(edited.body.data).toMatchObject({ pipelineId, pipelineName: 'edit-yaml', version: 2, versionNum: null });
    // Saved again: the one draft is replaced, still version 2.
    const again = await saveDraft({ pipelineId, storageType: 'YAML', yaml: HELLO_EDITED.replace('name: hello-yaml', 'name: edit-yaml'), baseVersion: 1 });
    expect(again.body.data.version).toBe(2);
    expect(scriptOf((await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer)).body.data)).toBe('echo "${{ variables.GREETING }} world"');
    // The editor opens on the draft, made from release 1, with the caller's permissions.
    const detail = await request(gateway).get(`${VERSION_API}/pipelines/${pipelineId}/detail`).set(developer);
    expect(detail.body.data).toMatchObject({
      version: 2,
      versionName: null,
      versionStatus: 'COMMITTING',
      releaseVersion: 1,
      releaseVersionName: 'V1',
      baseVersion: 1,
      baseVersionStatus: 'RELEASED',
      baseVersionName: 'V1',
      canDebug: true,
      canRelease: true,
      canManualStartup: true,
      latestVersionStatus: 'RELEASED',
      runLockType: 'MULTIPLE',
    });
    expect(detail.body.data.permissions).toEqual({ canManage: false, canDelete: true, canView: true, canEdit: true, canExecute: true, canDownload: true, canShare: true, canArchive: false });
    const asViewer = await request(gateway).get(`${VERSION_API}/pipelines/${pipelineId}/detail`).set(viewer);
    expect(asViewer.body.data.permissions).toEqual({ canManage: false, canDelete: false, canView: true, canEdit: false, canExecute: false, canDownload: false, canShare: false, canArchive: false });

    expect((await release(pipelineId, 2)).body.data).toMatchObject({ version: 2, versionNum: 2, versionName: 'V2' });
    const model = (await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer)).body.data;
    expect(model.latestVersion).toBe(2);
    expect(scriptOf(model)).toBe('echo "${{ variables.GREETING }} again"');
    expect((await version(pipelineId, 2)).body.data.yamlPreview.yaml).toContain('# a built-in script step');
    const versions = await request(gateway).get(`${VERSION_API}/pipelines/${pipelineId}/versions`).set(viewer);
    expect(versions.body.data.records.map((row: { version: number; status: string }) => [row.version, row.status])).toEqual([
      [2, 'RELEASED'],
      [1, 'RELEASED'],
    ]);

    // A draft saved as a Model (the editor's Model view) keeps the YAML's comments.
    const asModel = { ...model, stages: structuredClone(model.stages) };
    asModel.stages[1].containers[0].elements[0].script = 'echo from the model view';
    expect((await saveDraft({ pipelineId, storageType: 'MODEL', modelAndSetting: { model: asModel } })).body.data.version).toBe(3);
    const modelDraft = (await version(pipelineId, 3)).body.data;
    expect(modelDraft.versionStatus).toBe('COMMITTING');
    expect(modelDraft.yamlPreview.yaml).toContain('# a built-in script step');
    expect(modelDraft.yamlPreview.yaml).toContain('echo from the model view');

    // A Model saved straight over a pending draft releases and supersedes it.
    expect((await request(gateway).put(`${PIPELINES}/${pipelineId}`).set(developer).send(buildModel('edit-yaml', 'make direct'))).status).toBe(200);
    const after = await request(gateway).get(`${VERSION_API}/pipelines/${pipelineId}/versions`).set(viewer);
    expect(after.body.data.records.map((row: { version: number; status: string }) => [row.version, row.status])).toEqual([
      [3, 'RELEASED'],
      [2, 'RELEASED'],
      [1, 'RELEASED'],
    ]);
    expect(scriptOf((await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer)).body.data)).toBe('make direct');
  });

  it('refuses bad YAML with the line, the column and what to fix, and writes nothing', async () => {
    const pipelineId = (await saveDraft({ storageType: 'YAML', yaml: HELLO.replace('name: hello-yaml', 'name: keeps-yaml') })).body.data.pipelineId as string;
    const before = [await pipelineCount(), await versionCount()];

    const syntax = await saveDraft({ storageType: 'YAML', yaml: BAD_INDENT });
    expect(syntax.status).toBe(400);
    expect(syntax.body).toMatchObject({ status: 2101801, data: { file: 'pipeline.yml', line: 10, column: 1 } });
    expect(syntax.body.message).toMatch(/^pipeline\.yml:10:1: /);

    const schema = await saveDraft({ pipelineId, storageType: 'YAML', yaml: BAD_SCHEMA });
    expect(schema.status).toBe(400);
    expect(schema.body).toMatchObject({ status: 2101804, data: { file: 'pipeline.yml', line: 7, column: 9 } });
    expect(schema.body.message).toContain('is missing the required key `steps`');

    // Stored as written, so no bigger than its column (64 KiB): a long comment pushes it over.
    const huge = await saveDraft({ storageType: 'YAML', yaml: `${HELLO}# ${'x'.repeat(65536)}\n` });
    expect(huge.status).toBe(400);
    expect(huge.body.status).toBe(2101809);
    expect(huge.body.message).toContain('65535');

    const noYaml = await saveDraft({ storageType: 'YAML' });
    expect(noYaml.status).toBe(400);
    expect(noYaml.body.message).toBe('storageType YAML needs yaml, the v3.0 YAML of the pipeline');
    const noName = await saveDraft({ storageType: 'YAML', yaml: HELLO.replace('name: hello-yaml\n', '') });
    expect(noName.status).toBe(400);
    expect(noName.body.message).toContain('the YAML has no `name:`');
    const taken = await saveDraft({ storageType: 'YAML', yaml: HELLO.replace('name: hello-yaml', 'name: keeps-yaml') });
    expect(taken.status).toBe(409);
    expect(taken.body.status).toBe(2101013);
    const pac = await request(gateway).post(`${VERSION_API}/pipelines/${pipelineId}/releaseVersion/1`).set(developer).send({ enablePac: true });
    expect(pac.status).toBe(400);

    expect([await pipelineCount(), await versionCount()]).toEqual(before);
    expect((await version(pipelineId, 1)).body.data).toMatchObject({ versionStatus: 'COMMITTING', yamlPreview: { yaml: HELLO.replace('name: hello-yaml', 'name: keeps-yaml') } });
  });

  it('lets a viewer read but not create or edit, and refuses another project', async () => {
    const pipelineId = (await saveDraft({ storageType: 'YAML', yaml: HELLO.replace('name: hello-yaml', 'name: guarded-yaml') })).body.data.pipelineId as string;
    const before = [await pipelineCount(), await versionCount()];

    const viewerCreates = await saveDraft({ storageType: 'YAML', yaml: HELLO.replace('name: hello-yaml', 'name: by-viewer') }, viewer);
    expect(viewerCreates.status).toBe(403);
    expect(viewerCreates.body.data).toMatchObject({ action: 'pipeline_create', projectId: PROJECT });
    expect((await saveDraft({ pipelineId, storageType: 'YAML', yaml: HELLO_EDITED }, viewer)).status).toBe(403);
    expect((await release(pipelineId, 1, viewer)).status).toBe(403);
    expect((await request(gateway).post(`${V4}/pipelines/pipeline`).set(viewer).send(buildModel('v4-by-viewer'))).status).toBe(403);
    expect((await request(gateway).delete(`${V4}/pipelines/pipeline`).query({ pipelineId }).set(viewer)).status).toBe(403);

    // yuri is a developer of PROJECT only.
    const elsewhere = await saveDraft({ storageType: 'YAML', yaml: HELLO.replace('name: hello-yaml', 'name: elsewhere') }, developer, OTHER);
    expect(elsewhere.status).toBe(403);
    const v4Elsewhere = await request(gateway).get(`/ms/openapi/api/apigw-user/v4/projects/${OTHER}/pipelines/pipeline_list`).set(developer);
    expect(v4Elsewhere.status).toBe(403);
    // A pipeline of PROJECT named under OTHER's path is not found there.
    const crossProject = await request(gateway).get(`/ms/process/api/user/pipelines/${OTHER}/${pipelineId}`).set(ADMIN);
    expect(crossProject.status).toBe(404);

    expect([await pipelineCount(), await versionCount()]).toEqual(before);
    expect(await dataSource.getRepository(PipelineInfoEntity).countBy({ projectId: OTHER })).toBe(0);
  });

  it('serves the v4 pipeline calls: create, get, edit, list a page, delete', async () => {
    const created = await request(gateway).post(`${V4}/pipelines/pipeline`).set(developer).send(buildModel('v4-model', 'echo v4'));
    expect(created.status).toBe(201);
    const pipelineId = created.body.data.id as string;
    expect(pipelineId).toMatch(/^[0-9a-f]{32}$/);

    const got = await request(gateway).get(`${V4}/pipelines/pipeline`).query({ pipelineId }).set(viewer);
    expect(got.status).toBe(200);
    expect(got.body.data).toMatchObject({ name: 'v4-model', latestVersion: 1 });
    expect(scriptOf(got.body.data)).toBe('echo v4');

    const edited = await request(gateway).put(`${V4}/pipelines/pipeline`).query({ pipelineId }).set(developer).send(buildModel('v4-model', 'echo edited'));
    expect(edited.status).toBe(200);
    expect(edited.body).toEqual({ status: 0, message: null, data: true });
    const reread = (await request(gateway).get(`${V4}/pipelines/pipeline`).query({ pipelineId }).set(viewer)).body.data;
    expect(reread.latestVersion).toBe(2);
    expect(scriptOf(reread)).toBe('echo edited');

    const missingId = await request(gateway).get(`${V4}/pipelines/pipeline`).set(viewer);
    expect(missingId.status).toBe(400);
    expect(missingId.body.message).toContain('pipelineId');

    for (const name of ['v4-page-a', 'v4-page-b']) expect((await request(gateway).post(`${V4}/pipelines/pipeline`).set(developer).send(buildModel(name))).status).toBe(201);
    const page = await request(gateway).get(`${V4}/pipelines/pipeline_list`).query({ page: 1, pageSize: 2, filterByPipelineName: 'v4-' }).set(viewer);
    expect(page.status).toBe(200);
    expect(page.body.data).toMatchObject({ count: 3, page: 1, pageSize: 2, totalPages: 2 });
    expect(page.body.data.records).toHaveLength(2);
    const second = await request(gateway).get(`${V4}/pipelines/pipeline_list`).query({ page: 2, pageSize: 2, filterByPipelineName: 'v4-' }).set(viewer);
    expect(second.body.data.records).toHaveLength(1);
    const names = [...page.body.data.records, ...second.body.data.records].map((row: { pipelineName: string }) => row.pipelineName).sort();
    expect(names).toEqual(['v4-model', 'v4-page-a', 'v4-page-b']);

    const deleted = await request(gateway).delete(`${V4}/pipelines/pipeline`).query({ pipelineId }).set(developer);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toBe(true);
    expect((await request(gateway).get(`${V4}/pipelines/pipeline`).query({ pipelineId }).set(viewer)).status).toBe(404);
    expect((await request(gateway).get(`${V4}/pipelines/pipeline_list`).query({ filterByPipelineName: 'v4-' }).set(viewer)).body.data.count).toBe(2);
  });

  it('creates a pipeline from YAML through v4 (version/save_draft, release_version) and reads it back (get_version)', async () => {
    const yaml = HELLO.replace('name: hello-yaml', 'name: v4-yaml');
    const saved = await request(gateway).post(`${V4}/version/save_draft`).set(developer).send({ storageType: 'YAML', yaml, baseVersion: 0 });
    expect(saved.status).toBe(201);
    const pipelineId = saved.body.data.pipelineId as string;
    expect(saved.body.data).toMatchObject({ pipelineName: 'v4-yaml', version: 1, versionNum: null });

    const released = await request(gateway).post(`${V4}/version/release_version`).query({ pipelineId, version: 1 }).set(developer).send({ enablePac: false });
    expect(released.status).toBe(201);
    expect(released.body.data).toMatchObject({ pipelineId, version: 1, versionNum: 1, versionName: 'V1' });

    const read = await request(gateway).get(`${V4}/version/get_version`).query({ pipelineId, version: 1 }).set(viewer);
    expect(read.status).toBe(200);
    expect(read.body.data).toMatchObject({ version: 1, versionStatus: 'RELEASED', yamlPreview: { yaml } });
    expect(scriptOf(read.body.data.modelAndSetting.model)).toBe('echo "${{ variables.GREETING }} world"');
    expect((await request(gateway).get(`${V4}/pipelines/pipeline`).query({ pipelineId }).set(viewer)).body.data.name).toBe('v4-yaml');
    const detail = await request(gateway).get(`${V4}/version/pipeline_detail`).query({ pipelineId }).set(viewer);
    expect(detail.body.data).toMatchObject({ pipelineId, version: 1, versionName: 'V1', versionStatus: 'RELEASED', releaseVersion: 1, canDebug: false, canRelease: false });
  });
});
