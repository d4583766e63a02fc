import request from 'supertest';
import { buildModel, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { AuthResourceEntity } from '../apps/process/src/projects/entities/auth-resource.entity';
import { ResourceGroupMemberEntity } from '../apps/process/src/projects/entities/resource-group-member.entity';
import { TemplateDraftVersionEntity } from '../apps/process/src/templates/entities/template-draft-version.entity';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'tplperm';
const TEMPLATES = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;
const INSTANCES = `/ms/process/api/user/template/instances/v2/projects/${PROJECT}`;
const groupsOf = (templateId: string) => `/ms/process/api/user/auth/resource/${PROJECT}/pipeline_template/${templateId}/groups`;

/**
 * Per-template permissions: a template's creator manages it, its managers grant others editor or
 * viewer on it alone, and a project-wide grant still reaches every template.
 */
describe('template permissions per template', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let dataSource: DataSource;
  let ann: Record<string, string>;
  let ben: Record<string, string>;
  let val: Record<string, string>;
  let maker: Record<string, string>;
  let templateA: string;
  let templateB: string;

  const saveDraft = (who: Record<string, string>, templateId: string, script: string) =>
    request(gateway).put(`${TEMPLATES}/saveDraft`).query({ templateId }).set(who).send({ type: 'PIPELINE', model: buildModel('ignored', script) });
  const draftSaves = (templateId: string) => dataSource.getRepository(TemplateDraftVersionEntity).countBy({ templateId });

  async function create(who: Record<string, string>, name: string): Promise<string> {
    const created = await request(gateway).post(`${TEMPLATES}/create`).set(who).send({ type: 'PIPELINE', name });
    expect(created.status).toBe(201);
    return created.body.data.templateId;
  }

  async function customGroup(groupCode: string, actions: string[]): Promise<void> {
    const created = await request(gateway).post(`/ms/process/api/user/projects/${PROJECT}/groups`).set(ADMIN).send({ groupCode, groupName: groupCode, actions });
    expect(created.status).toBe(201);
  }

  beforeAll(async () => {
    const process = await env.start(processApp);
    dataSource = process.app.get(DataSource);
    gateway = (await env.start(openapiApp)).url;
    const project = await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Template permissions', englishName: PROJECT });
    expect(project.status).toBe(201);
    await customGroup('authors', ['pipeline_template_create']);
    await customGroup('makers', ['pipeline_create']);
    ann = await memberToken(gateway, PROJECT, 'ann', 'authors');
    ben = await memberToken(gateway, PROJECT, 'ben', 'authors');
    maker = await memberToken(gateway, PROJECT, 'mia', 'makers');
    val = await memberToken(gateway, PROJECT, 'val', 'viewer');
    templateA = await create(ann, 'ann-template');
    templateB = await create(ben, 'ben-template');
  });

  afterAll(() => env.close());

  it('makes the creator the manager of the template, and of that template only', async () => {
    expect(await dataSource.getRepository(ResourceGroupMemberEntity).findBy({ projectId: PROJECT, resourceCode: templateA })).toMatchObject([
      { resourceType: 'pipeline_template', groupCode: 'manager', userId: 'ann' },
    ]);

    expect((await saveDraft(ann, templateA, 'make')).status).toBe(200);
    const before = await draftSaves(templateB);
    const refused = await saveDraft(ann, templateB, 'make');
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ status: 2100006, data: { action: 'pipeline_template_edit', projectId: PROJECT, resourceCode: templateB } });
    expect(await draftSaves(templateB)).toBe(before);
    expect((await request(gateway).get(`${TEMPLATES}/${templateB}/info`).set(ann)).status).toBe(403);
  });

  it('lists to each user the templates they may list, with what they may do on each row', async () => {
    const annList = await request(gateway).post(`${TEMPLATES}/list`).set(ann).send({});
    expect(annList.status).toBe(200);
    expect(annList.body.data.records.map((row: { id: string }) => row.id)).toEqual([templateA]);
    expect(annList.body.data.records[0]).toMatchObject({ canView: true, canEdit: true, canDelete: true, canManage: true });

    const viewerList = await request(gateway).post(`${TEMPLATES}/list`).set(val).send({});
    expect(viewerList.body.data.count).toBe(2);
    for (const row of viewerList.body.data.records) expect(row).toMatchObject({ canView: true, canEdit: false, canDelete: false, canManage: false });

    const outsider = await memberToken(gateway, PROJECT, 'otto', 'makers');
    const none = await request(gateway).post(`${TEMPLATES}/list`).set(outsider).send({});
    expect(none.status).toBe(403);
  });

  it('lets a template manager grant editor on it alone, and take it back', async () => {
    expect((await saveDraft(val, templateA, 'by val')).status).toBe(403);

    const granted = await request(gateway).post(`${groupsOf(templateA)}/editor/members`).set(ann).send({ userIds: ['val'] });
    expect(granted.status).toBe(201);
    expect(granted.body.data).toEqual([
      { groupCode: 'manager', actions: expect.arrayContaining(['pipeline_template_manage']), members: [{ userId: 'ann', expiredAt: null }] },
      { groupCode: 'editor', actions: ['pipeline_template_view', 'pipeline_template_edit', 'pipeline_template_list'], members: [{ userId: 'val', expiredAt: null }] },
      { groupCode: 'viewer', actions: ['pipeline_template_view', 'pipeline_template_list'], members: [] },
    ]);

    expect((await saveDraft(val, templateA, 'by val')).status).toBe(200);
    expect((await saveDraft(val, templateB, 'by val')).status).toBe(403);
    expect((await request(gateway).delete(`${TEMPLATES}/${templateA}/delete`).set(val)).status).toBe(403);

    const revoked = await request(gateway).delete(`${groupsOf(templateA)}/editor/members/val`).set(ann);
    expect(revoked.status).toBe(200);
    expect((await saveDraft(val, templateA, 'by val again')).status).toBe(403);
  });

  it('refuses group changes from non-managers, and names unknown groups and resources', async () => {
    const notManager = await request(gateway).post(`${groupsOf(templateB)}/editor/members`).set(ann).send({ userIds: ['ann'] });
    expect(notManager.status).toBe(403);
    expect(await dataSource.getRepository(ResourceGroupMemberEntity).countBy({ resourceCode: templateB, userId: 'ann' })).toBe(0);

    const unknownGroup = await request(gateway).post(`${groupsOf(templateA)}/owner/members`).set(ann).send({ userIds: ['val'] });
    expect(unknownGroup.status).toBe(404);
    expect(unknownGroup.body.message).toContain('manager, editor, viewer');

    const unknownResource = await request(gateway).get(groupsOf('no-such-template')).set(ADMIN);
    expect(unknownResource.status).toBe(404);

    const badUser = await request(gateway).post(`${groupsOf(templateA)}/viewer/members`).set(ann).send({ userIds: ['not a user!'] });
    expect(badUser.status).toBe(400);

    const projectManagerView = await request(gateway).get(groupsOf(templateB)).set(ADMIN);
    expect(projectManagerView.status).toBe(200);
  });

  it('needs view on the template, as well as pipeline create, to instantiate it', async () => {
    const saved = await saveDraft(ann, templateA, 'release me');
    const released = await request(gateway).post(`${TEMPLATES}/${templateA}/releaseVersion/${saved.body.data.version}`).set(ann).send({});
    expect(released.status).toBe(201);
    const instantiate = () =>
      request(gateway).post(`${INSTANCES}/templates/${templateA}`).query({ version: released.body.data.version }).set(maker).send({ instanceReleaseInfos: [{ pipelineName: 'from-a' }] });

    const refused = await instantiate();
    expect(refused.status).toBe(403);
    expect(refused.body.data).toMatchObject({ action: 'pipeline_template_view', resourceCode: templateA });

    expect((await request(gateway).post(`${groupsOf(templateA)}/viewer/members`).set(ann).send({ userIds: ['mia'] })).status).toBe(201);
    const allowed = await instantiate();
    expect(allowed.status).toBe(200);
  });

  it('forgets every grant on a template when it is deleted', async () => {
    const doomed = await create(ann, 'doomed');
    expect((await request(gateway).post(`${groupsOf(doomed)}/viewer/members`).set(ann).send({ userIds: ['val'] })).status).toBe(201);

    expect((await request(gateway).delete(`${TEMPLATES}/${doomed}/delete`).set(ann)).status).toBe(200);
    expect(await dataSource.getRepository(ResourceGroupMemberEntity).countBy({ resourceCode: doomed })).toBe(0);
    expect(await dataSource.getRepository(AuthResourceEntity).countBy({ resourceCode: doomed })).toBe(0);
  });
});
