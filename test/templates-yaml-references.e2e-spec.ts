import request from 'supertest';
import { TEST_ADMIN_TOKEN, TestEnvironment, memberToken } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { TemplateDraftVersionEntity } from '../apps/process/src/templates/entities/template-draft-version.entity';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'tplrefs';
const BASE = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;

/** A v3.0 pipeline whose only job runs `count` step templates. */
const withStepTemplates = (count: number) =>
  `version: v3.0\nname: refs\nsteps:\n${Array.from({ length: count }, (_, i) => `  - template: steps/s${i}.yml\n`).join('')}`;

const extending = (templateId: string) =>
  `version: v3.0\nname: child\nextends:\n  template:\n    template-id: ${templateId}\n    version: v1\n`;

describe('template references in v3.0 YAML drafts and transfers', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let dataSource: DataSource;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;

  async function createTemplate(name: string): Promise<string> {
    const created = await request(gateway).post(`${BASE}/create`).set(developer).send({ type: 'PIPELINE', name });
    expect(created.status).toBe(201);
    return created.body.data.templateId;
  }

  const saveYaml = (templateId: string, yaml: string) =>
    request(gateway).put(`${BASE}/saveDraft`).query({ templateId }).set(developer).send({ type: 'PIPELINE', storageType: 'YAML', yaml });
  const draftSaves = (templateId: string) => dataSource.getRepository(TemplateDraftVersionEntity).countBy({ templateId });

  beforeAll(async () => {
    const process = await env.start(processApp);
    dataSource = process.app.get(DataSource);
    gateway = (await env.start(openapiApp)).url;
    const project = await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Template refs', englishName: PROJECT });
    expect(project.status).toBe(201);
    developer = await memberToken(gateway, PROJECT, 'dora', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'vic', 'viewer');
  });

  afterAll(() => env.close());

  it('a draft save takes 10 template references and refuses 10,000 with 400 TOO_MANY_TEMPLATES, storing nothing', async () => {
    const templateId = await createTemplate('many-refs');
    expect((await saveYaml(templateId, withStepTemplates(10))).status).toBe(200);
    const before = await draftSaves(templateId);
    const refused = await saveYaml(templateId, withStepTemplates(10_000));
    expect(refused.status).toBe(400);
    expect(refused.body.status).toBe(2101808);
    expect(refused.body.message).toBe('template.yml:14:15: [template.yml]The number of referenced template files exceeds the threshold [10]');
    expect(await draftSaves(templateId)).toBe(before);
  });

  it('a transfer refuses 10,000 template references with 400 TOO_MANY_TEMPLATES', async () => {
    const refused = await request(gateway).post(`${BASE}/transfer`).query({ storageType: 'YAML' }).set(viewer).send({ templateType: 'PIPELINE', yaml: withStepTemplates(10_000) });
    expect(refused.status).toBe(400);
    expect(refused.body.status).toBe(2101808);
  });

  it('a draft save that extends a template by id needs that template to exist in the project', async () => {
    const parent = await createTemplate('parent');
    const child = await createTemplate('child');
    const before = await draftSaves(child);
    const missing = await saveYaml(child, extending('no-such-template'));
    expect(missing.status).toBe(400);
    expect(missing.body.status).toBe(2101113);
    expect(missing.body.message).toBe(`extends.template.template-id: template no-such-template does not exist in project ${PROJECT}`);
    expect(await draftSaves(child)).toBe(before);

    const saved = await saveYaml(child, extending(parent));
    expect(saved.status).toBe(200);
    expect(await draftSaves(child)).toBe(before + 1);
  });
});
