import request from 'supertest';
import { buildModel, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { PipelineInfoEntity } from '../apps/process/src/pipelines/entities/pipeline-info.entity';
import { PipelineResourceVersionEntity } from '../apps/process/src/pipelines/entities/pipeline-resource-version.entity';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'pipes';
const PIPELINES = `/ms/process/api/user/pipelines/${PROJECT}`;
const versionsOf = (pipelineId: string) => `/ms/process/api/user/version/projects/${PROJECT}/pipelines/${pipelineId}/versions`;

describe('pipelines through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let dataSource: DataSource;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;

  async function createPipeline(name: string, as = developer): Promise<string> {
    const created = await request(gateway).post(PIPELINES).set(as).send(buildModel(name));
    expect(created.status).toBe(201);
    return created.body.data.id as string;
  }

  const pipelineCount = () => dataSource.getRepository(PipelineInfoEntity).countBy({ projectId: PROJECT });
  const versionCount = (pipelineId: string) => dataSource.getRepository(PipelineResourceVersionEntity).countBy({ pipelineId });

  beforeAll(async () => {
    const process = await env.start(processApp);
    dataSource = process.app.get(DataSource);
    gateway = (await env.start(openapiApp)).url;
    const project = await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Pipes', englishName: PROJECT });
    expect(project.status).toBe(201);
    developer = await memberToken(gateway, PROJECT, 'dave', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'vera', 'viewer');
  });

  afterAll(() => env.close());

  it('creates a pipeline, saves a new version and reads both versions back', async () => {
    const pipelineId = await createPipeline('build-app');
    expect(pipelineId).toMatch(/^[0-9a-f]{32}$/);

    const latest = await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer);
    expect(latest.status).toBe(200);
    expect(latest.body.data).toMatchObject({ name: 'build-app', latestVersion: 1 });
    expect(latest.body.data.stages[1].containers[0].elements[0].script).toBe('echo hello');

    // A top-level field BK-CI's Model does not declare is dropped, as BK-CI drops it.
    const saved = await request(gateway).put(`${PIPELINES}/${pipelineId}`).set(developer).send({ ...buildModel('build-app', 'make all'), editorState: { zoom: 2 } });
    expect(saved.status).toBe(200);
    expect(saved.body).toEqual({ status: 0, message: null, data: true });

    const updated = await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer);
    expect(updated.body.data.latestVersion).toBe(2);
    expect(updated.body.data.stages[1].containers[0].elements[0].script).toBe('make all');
    expect(updated.body.data).not.toHaveProperty('editorState');

    const list = await request(gateway).get(versionsOf(pipelineId)).set(viewer);
    expect(list.status).toBe(200);
    expect(list.body.data).toMatchObject({ count: 2, page: 1, pageSize: 10, totalPages: 1 });
    expect(list.body.data.records).toEqual([
      { version: 2, versionName: 'V2', creator: 'dave', createTime: expect.any(Number), status: 'RELEASED' },
      { version: 1, versionName: 'V1', creator: 'dave', createTime: expect.any(Number), status: 'RELEASED' },
    ]);

    const first = await request(gateway).get(`${versionsOf(pipelineId)}/1`).set(viewer);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ version: 1, versionName: 'V1', yamlSupported: true });
    expect(first.body.data.modelAndSetting.model.stages[1].containers[0].elements[0].script).toBe('echo hello');
    expect(first.body.data.modelAndSetting.setting).toMatchObject({ pipelineName: 'build-app', runLockType: 'MULTIPLE' });
    expect(first.body.data.yamlPreview.yaml).toContain('version: v3.0');
    expect(first.body.data.yamlPreview.yaml).toContain('echo hello');

    const missing = await request(gateway).get(`${versionsOf(pipelineId)}/3`).set(viewer);
    expect(missing.status).toBe(404);
    expect(missing.body.status).toBe(2101039);
  });

  it('refuses a Model with a problem with 400 naming its JSON path, and stores nothing', async () => {
    const broken = buildModel('broken');
    delete (broken.stages[1].containers[0].elements[0] as { script?: string }).script;
    const before = await pipelineCount();
    const created = await request(gateway).post(PIPELINES).set(developer).send(broken);
    expect(created.status).toBe(400);
    expect(created.body.status).toBe(2101011);
    expect(created.body.message).toContain('stages[1].containers[0].elements[0].script');
    expect(await pipelineCount()).toBe(before);

    const pipelineId = await createPipeline('fixed-later');
    const saved = await request(gateway).put(`${PIPELINES}/${pipelineId}`).set(developer).send({ ...broken, name: 'fixed-later' });
    expect(saved.status).toBe(400);
    expect(saved.body.message).toContain('stages[1].containers[0].elements[0].script');
    expect(await versionCount(pipelineId)).toBe(1);
  });

  it('answers bad input with 400 and a stable code', async () => {
    const before = await pipelineCount();
    const noBody = await request(gateway).post(PIPELINES).set(developer);
    expect(noBody.status).toBe(400);
    expect(noBody.body).toMatchObject({ status: 2101011, message: 'Invalid pipeline model: (root): a Model must be a JSON object' });
    const array = await request(gateway).post(PIPELINES).set(developer).send([buildModel('in-an-array')]);
    expect(array.status).toBe(400);
    const blankName = await request(gateway).post(PIPELINES).set(developer).send(buildModel('  '));
    expect(blankName.status).toBe(400);
    expect(blankName.body.status).toBe(2101015);
    expect(await pipelineCount()).toBe(before);

    const pipelineId = await createPipeline('paged');
    for (const query of ['pageSize=abc', 'page=x', 'pageSize=0']) {
      const response = await request(gateway).get(`${versionsOf(pipelineId)}?${query}`).set(viewer);
      expect(response.status).toBe(400);
      expect(response.body.status).toBe(2100004);
      expect(response.body.message).toContain(query.split('=')[0]);
    }
    // A parameter the API does not know is ignored, as BK-CI ignores it; an empty optional one is not given.
    const plain = await request(gateway).get(versionsOf(pipelineId)).set(viewer);
    const ignored = await request(gateway).get(`${versionsOf(pipelineId)}?sort=desc&page=&pageSize=`).set(viewer);
    expect(ignored.status).toBe(200);
    expect(ignored.body.data).toEqual(plain.body.data);
    expect(ignored.body.data).toMatchObject({ page: 1, pageSize: 10, count: 1 });
    const badVersion = await request(gateway).get(`${versionsOf(pipelineId)}/latest`).set(viewer);
    expect(badVersion.status).toBe(400);
    expect(badVersion.body).toMatchObject({ status: 2100004, message: 'version must be an integer' });
  });

  it('lets a viewer read but not create, edit or delete', async () => {
    const pipelineId = await createPipeline('guarded');
    const before = await pipelineCount();
    const created = await request(gateway).post(PIPELINES).set(viewer).send(buildModel('by-viewer'));
    expect(created.status).toBe(403);
    expect(created.body.status).toBe(2100006);
    const saved = await request(gateway).put(`${PIPELINES}/${pipelineId}`).set(viewer).send(buildModel('guarded', 'echo changed'));
    expect(saved.status).toBe(403);
    const deleted = await request(gateway).delete(`${PIPELINES}/${pipelineId}`).set(viewer);
    expect(deleted.status).toBe(403);

    expect(await pipelineCount()).toBe(before);
    expect(await versionCount(pipelineId)).toBe(1);
    const latest = await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer);
    expect(latest.status).toBe(200);
    expect(latest.body.data.stages[1].containers[0].elements[0].script).toBe('echo hello');
  });

  it('refuses a second live pipeline of the same name with 409, on create and on rename', async () => {
    await createPipeline('unique-name');
    const duplicate = await request(gateway).post(PIPELINES).set(developer).send(buildModel('unique-name'));
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.status).toBe(2101013);

    const other = await createPipeline('other-name');
    const renamed = await request(gateway).put(`${PIPELINES}/${other}`).set(developer).send(buildModel('unique-name'));
    expect(renamed.status).toBe(409);
    expect(renamed.body.status).toBe(2101013);
    expect(await versionCount(other)).toBe(1);
  });

  it('turns 10 concurrent saves into 10 consecutive versions, losing none', async () => {
    const pipelineId = await createPipeline('busy');
    const scripts = Array.from({ length: 10 }, (_, i) => `echo save-${i}`);
    const responses = await Promise.all(
      scripts.map((script) => request(gateway).put(`${PIPELINES}/${pipelineId}`).set(developer).send(buildModel('busy', script))),
    );
    expect(responses.map((r) => r.status)).toEqual(scripts.map(() => 200));

    const list = await request(gateway).get(`${versionsOf(pipelineId)}?pageSize=20`).set(viewer);
    expect(list.body.data.count).toBe(11);
    expect(list.body.data.records.map((r: { version: number }) => r.version)).toEqual([11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const saved = [];
    for (let version = 2; version <= 11; version++) {
      const detail = await request(gateway).get(`${versionsOf(pipelineId)}/${version}`).set(viewer);
      saved.push(detail.body.data.modelAndSetting.model.stages[1].containers[0].elements[0].script);
    }
    expect(saved.sort()).toEqual([...scripts].sort());
  });

  it('deletes a pipeline softly and frees its name', async () => {
    const pipelineId = await createPipeline('short-lived');
    const deleted = await request(gateway).delete(`${PIPELINES}/${pipelineId}`).set(developer);
    expect(deleted.status).toBe(200);
    expect(deleted.body.data).toBe(true);

    const gone = await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(viewer);
    expect(gone.status).toBe(404);
    expect(gone.body.status).toBe(2101038);
    expect((await request(gateway).delete(`${PIPELINES}/${pipelineId}`).set(developer)).status).toBe(404);
    expect(await versionCount(pipelineId)).toBe(1);

    const again = await createPipeline('short-lived');
    expect(again).not.toBe(pipelineId);
  });
});
