import request from 'supertest';
import { TEST_ADMIN_TOKEN, TestEnvironment, memberToken } from '@bkci/testing';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'pac';
const BASE = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;

const yamlWith = (script: string, name = 'pac-build') =>
  `version: v3.0\nname: ${name}\nstages:\n  - name: build\n    jobs:\n      job1:\n        runs-on: docker\n        steps:\n          - run: ${script}\n`;

describe('template PAC webhook through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;

  const push = (body: Record<string, unknown>, as = developer) => request(gateway).post(`${BASE}/pac/push`).set(as).send(body);
  const versions = async (templateId: string) =>
    (await request(gateway).post(`${BASE}/${templateId}/versions`).set(viewer).send({ pageSize: 50 })).body.data.records as Array<{
      status: string;
      branchAction: string | null;
      versionName: string;
      description: string;
    }>;

  beforeAll(async () => {
    await env.start(processApp);
    gateway = (await env.start(openapiApp)).url;
    await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Pac', englishName: PROJECT });
    developer = await memberToken(gateway, PROJECT, 'paula', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'peter', 'viewer');
  });

  afterAll(() => env.close());

  it('releases on the default branch, keeps ACTIVE branch versions elsewhere, and retires them when the branch goes', async () => {
    const first = await push({ filePath: '.ci/templates/build.yml', yaml: yamlWith('make'), branch: 'master', isDefaultBranch: true, commitMessage: 'add template' });
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({ templateName: 'pac-build', versionAction: 'CREATE_RELEASE', versionName: 'V1(P1.T1.1)' });
    const templateId = first.body.data.templateId as string;
    const info = await request(gateway).get(`${BASE}/${templateId}/info`).set(viewer);
    expect(info.body.data).toMatchObject({ pac: true, releasedVersion: first.body.data.version });

    const feature = await push({ filePath: '.ci/templates/build.yml', yaml: yamlWith('make feature'), branch: 'feature/x', isDefaultBranch: false, commitMessage: 'try' });
    expect(feature.body.data).toMatchObject({ templateId, versionAction: 'CREATE_BRANCH', versionName: 'feature/x' });
    const again = await push({ filePath: '.ci/templates/build.yml', yaml: yamlWith('make feature 2'), branch: 'feature/x', isDefaultBranch: false });
    expect(again.body.data.templateId).toBe(templateId);

    let rows = await versions(templateId);
    expect(rows.filter((row) => row.status === 'BRANCH').map((row) => [row.versionName, row.branchAction])).toEqual([
      ['feature/x', 'ACTIVE'],
      ['feature/x', 'INACTIVE'],
    ]);
    const afterBranch = await request(gateway).get(`${BASE}/${templateId}/info`).set(viewer);
    expect(afterBranch.body.data.releasedVersion).toBe(first.body.data.version);

    const atBranch = await request(gateway).get(`${BASE}/${templateId}/ref/details`).query({ ref: 'feature/x' }).set(viewer);
    expect(JSON.stringify(atBranch.body.data.resource.model)).toContain('make feature 2');
    const atRelease = await request(gateway).get(`${BASE}/${templateId}/ref/details`).query({ ref: 'V1(P1.T1.1)' }).set(viewer);
    expect(JSON.stringify(atRelease.body.data.resource.model)).toContain('"make"');

    const deleted = await request(gateway).post(`${BASE}/pac/branchDeleted`).set(developer).send({ branch: 'feature/x' });
    expect(deleted.body.data).toBe(1);
    rows = await versions(templateId);
    expect(rows.filter((row) => row.status === 'BRANCH').every((row) => row.branchAction === 'INACTIVE')).toBe(true);
    expect((await request(gateway).get(`${BASE}/${templateId}/ref/details`).query({ ref: 'feature/x' }).set(viewer)).status).toBe(404);

    const merged = await push({ filePath: '.ci/templates/build.yml', yaml: yamlWith('make merged'), branch: 'master', isDefaultBranch: true, commitMessage: 'merge' });
    expect(merged.body.data).toMatchObject({ templateId, versionName: 'V2(P2.T1.1)' });
    expect((await versions(templateId))[0]).toMatchObject({ status: 'RELEASED', description: 'merge' });
  });

  it('deletes the template when its file is deleted', async () => {
    const pushed = await push({ filePath: '.ci/templates/gone.yml', yaml: yamlWith('make', 'gone'), branch: 'master', isDefaultBranch: true });
    const templateId = pushed.body.data.templateId as string;
    const deleted = await request(gateway).post(`${BASE}/pac/fileDeleted`).set(developer).send({ filePath: '.ci/templates/gone.yml' });
    expect(deleted.body.data).toBe(true);
    expect((await request(gateway).get(`${BASE}/${templateId}/info`).set(viewer)).status).toBe(404);
    const again = await request(gateway).post(`${BASE}/pac/fileDeleted`).set(developer).send({ filePath: '.ci/templates/gone.yml' });
    expect(again.body.data).toBe(false);
    const recreated = await push({ filePath: '.ci/templates/gone.yml', yaml: yamlWith('make', 'gone'), branch: 'master', isDefaultBranch: true });
    expect(recreated.body.data.templateId).not.toBe(templateId);
  });

  it('answers YAML errors with the file and line, and refuses files outside .ci/templates/', async () => {
    const broken = await push({ filePath: '.ci/templates/broken.yml', yaml: 'version: v3.0\nstages:\n  - name: [unclosed\n', branch: 'master', isDefaultBranch: true });
    expect(broken.status).toBe(400);
    expect(broken.body.message).toMatch(/^\.ci\/templates\/broken\.yml:\d+:\d+: /);
    const outside = await push({ filePath: '.ci/pipeline.yml', yaml: yamlWith('make'), branch: 'master', isDefaultBranch: true });
    expect(outside.status).toBe(400);
    const escaping = await push({ filePath: '.ci/templates/../secrets.yml', yaml: yamlWith('make'), branch: 'master', isDefaultBranch: true });
    expect(escaping.status).toBe(400);
  });

  it('refuses a viewer', async () => {
    const refused = await push({ filePath: '.ci/templates/v.yml', yaml: yamlWith('make', 'viewer-try'), branch: 'master', isDefaultBranch: true }, viewer);
    expect(refused.status).toBe(403);
  });
});
