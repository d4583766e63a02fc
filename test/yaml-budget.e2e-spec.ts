import request from 'supertest';
import { YamlErrorCode } from '@bkci/pipeline-yaml';
import { buildModel, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { TemplateDraftVersionEntity } from '../apps/process/src/templates/entities/template-draft-version.entity';
import { TemplateInfoEntity } from '../apps/process/src/templates/entities/template-info.entity';
import { TemplatePacFileEntity } from '../apps/process/src/templates/entities/template-pac-file.entity';
import { TemplateResourceVersionEntity } from '../apps/process/src/templates/entities/template-resource-version.entity';
import { YamlWorkers } from '../apps/process/src/yaml-workers/yaml-workers';
import { costlyPipelineYaml } from './fixtures/yaml/costly-pipeline.fixtures';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'budget';
const BASE = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;
/**
 * The conversion budget of this suite: several times below what COSTLY takes (a second or more),
 * far above what a small file takes, and long enough for a health call to go and come back.
 */
const BUDGET_MS = 250;
/** A valid pipeline just under the 1 MiB file limit: a second or more of conversion. */
const COSTLY = costlyPipelineYaml(15_000);
const SMALL = 'version: v3.0\nname: small\nstages:\n  - name: build\n    jobs:\n      job1:\n        runs-on: docker\n        steps:\n          - run: echo small\n';

describe('YAML over the conversion budget, through the gateway', () => {
  const env = new TestEnvironment({ BKCI_YAML_WORKER_TIMEOUT_MS: String(BUDGET_MS), BKCI_YAML_WORKERS: '1' });
  let gateway: string;
  let dataSource: DataSource;
  let yamlWorkers: YamlWorkers;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;

  /** Every template row there is: what "nothing changed" compares. */
  const templateRows = async () => ({
    templates: await dataSource.getRepository(TemplateInfoEntity).count(),
    versions: await dataSource.getRepository(TemplateResourceVersionEntity).count(),
    draftSaves: await dataSource.getRepository(TemplateDraftVersionEntity).count(),
    pacFiles: await dataSource.getRepository(TemplatePacFileEntity).count(),
  });

  const expectTooExpensive = (response: request.Response) => {
    expect(response.status).toBe(400);
    expect(response.body.status).toBe(YamlErrorCode.TOO_EXPENSIVE);
    expect(response.body.message).toContain('too expensive');
    expect(response.body.message).toContain(`${BUDGET_MS} ms`);
  };

  beforeAll(async () => {
    const process = await env.start(processApp);
    dataSource = process.app.get(DataSource);
    yamlWorkers = process.app.get(YamlWorkers);
    gateway = (await env.start(openapiApp)).url;
    await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Budget', englishName: PROJECT });
    developer = await memberToken(gateway, PROJECT, 'bea', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'bob', 'viewer');
    // The worker thread starts on first use; start it here so each case below times a conversion only.
    const warm = await request(gateway).post(`${BASE}/transfer`).query({ storageType: 'YAML' }).set(viewer).send({ templateType: 'PIPELINE', yaml: SMALL });
    expect(warm.status).toBe(200);
  });

  afterAll(() => env.close());

  it('refuses a transfer over budget with TOO_EXPENSIVE while a health call made meanwhile answers', async () => {
    // Tells when the app hands the costly YAML to its worker thread: the health call goes out then.
    const original = yamlWorkers.yamlToModel.bind(yamlWorkers);
    let converting!: () => void;
    const conversionStarted = new Promise<void>((resolve) => (converting = resolve));
    const spy = jest.spyOn(yamlWorkers, 'yamlToModel').mockImplementation((yaml, options) => {
      if (yaml === COSTLY) converting();
      return original(yaml, options);
    });
    try {
      let costlyAnswered = false;
      const costly = Promise.resolve(request(gateway).post(`${BASE}/transfer`).query({ storageType: 'YAML' }).set(viewer).send({ templateType: 'PIPELINE', yaml: COSTLY })).finally(
        () => (costlyAnswered = true),
      );
      await conversionStarted;
      // On the main thread the conversion would hold every other request until it ended.
      const health = await request(gateway).get('/ms/process/api/health').set(ADMIN);
      expect(health.status).toBe(200);
      expect(costlyAnswered).toBe(false);
      expectTooExpensive(await costly);
    } finally {
      spy.mockRestore();
    }

    const after = await request(gateway).post(`${BASE}/transfer`).query({ storageType: 'YAML' }).set(viewer).send({ templateType: 'PIPELINE', yaml: SMALL });
    expect(after.status).toBe(200);
    expect(JSON.stringify(after.body.data.templateModel)).toContain('echo small');
  });

  it('refuses a YAML draft save over budget and stores nothing, for a new template or an existing one', async () => {
    const created = await request(gateway).post(`${BASE}/create`).set(developer).send({ type: 'PIPELINE', name: 'kept' });
    expect(created.status).toBe(201);
    const templateId = created.body.data.templateId as string;
    const saved = await request(gateway).put(`${BASE}/saveDraft`).query({ templateId }).set(developer).send({ type: 'PIPELINE', model: buildModel('kept', 'make') });
    expect(saved.status).toBe(200);
    const before = await templateRows();

    const onExisting = await request(gateway).put(`${BASE}/saveDraft`).query({ templateId }).set(developer).send({ type: 'PIPELINE', storageType: 'YAML', yaml: COSTLY });
    expectTooExpensive(onExisting);
    const asNew = await request(gateway).put(`${BASE}/saveDraft`).set(developer).send({ type: 'PIPELINE', storageType: 'YAML', yaml: COSTLY, name: 'never' });
    expectTooExpensive(asNew);

    expect(await templateRows()).toEqual(before);
    const latest = await request(gateway).get(`${BASE}/${templateId}/latest/details`).set(viewer);
    expect(JSON.stringify(latest.body.data.resource.model)).toContain('"make"');
  });

  it('refuses a PAC push over budget and creates no template', async () => {
    const before = await templateRows();
    const pushed = await request(gateway)
      .post(`${BASE}/pac/push`)
      .set(developer)
      .send({ filePath: '.ci/templates/costly.yml', yaml: COSTLY, branch: 'master', isDefaultBranch: true, commitMessage: 'costly' });
    expectTooExpensive(pushed);
    expect(await templateRows()).toEqual(before);
  });
});
