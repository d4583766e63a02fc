import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { BuildFormProperty, Model, TriggerContainer } from '@bkci/pipeline-model';
import { buildModel, certificateFixture, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { PipelineInfoEntity } from '../apps/process/src/pipelines/entities/pipeline-info.entity';
import { processApp } from '../apps/process/src/process.app';
import { ticketApp } from '../apps/ticket/src/ticket.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'console';
const PROCESS = '/ms/process/api/user';
const PIPELINES = `${PROCESS}/pipelines/${PROJECT}`;
const V1_TEMPLATES = `${PROCESS}/templates/projects/${PROJECT}/templates`;
const CREATE_FROM_TEMPLATE = `${PROCESS}/version/projects/${PROJECT}/createPipelineWithTemplate`;
const CREDENTIALS = `/ms/ticket/api/user/credentials/${PROJECT}`;
const CERTS = `/ms/ticket/api/user/certs/projects/${PROJECT}`;
const paramsOf = (model: Model) => (model.stages[0].containers[0] as TriggerContainer).params;

/** A field of a browser's multipart form: text, or a file input (an empty one has no name and no bytes). */
type FormPart = { name: string; value: string } | { name: string; fileName: string; content: Buffer };

/** The bytes a browser sends for a FormData, file inputs included as they are (supertest cannot send an empty file input). */
function multipart(parts: FormPart[]): { contentType: string; body: Buffer } {
  const boundary = `----console${randomBytes(8).toString('hex')}`;
  const chunks = parts.flatMap((part) => {
    const head =
      'value' in part
        ? `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"\r\n\r\n`
        : `--${boundary}\r\nContent-Disposition: form-data; name="${part.name}"; filename="${part.fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`;
    return [Buffer.from(head), 'value' in part ? Buffer.from(part.value) : part.content, Buffer.from('\r\n')];
  });
  return { contentType: `multipart/form-data; boundary=${boundary}`, body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]) };
}

/**
 * The console's certificate edit form (devops-ticket components/centificate/*.vue): it starts from
 * the detail the server answered (`formData = certData`), and posts every field with a value
 * except the file names it shows and `remark`, which it posts as `certRemark`.
 */
function consoleEditForm(detail: Record<string, unknown>, notPosted: string[], remark: string): FormPart[] {
  const fields = Object.entries({ ...detail, remark }).filter(([name, value]) => !notPosted.includes(name) && name !== 'remark' && Boolean(value));
  return [...fields.map(([name, value]) => ({ name, value: String(value) })), { name: 'certRemark', value: remark }];
}

describe('the console’s pipeline and ticket calls through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let processData: DataSource;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;
  let creator: Record<string, string>;
  let outsider: Record<string, string>;
  let templateId: string;

  const pipelineCount = () => processData.getRepository(PipelineInfoEntity).countBy({ projectId: PROJECT });
  const modelOf = async (pipelineId: string): Promise<Model> => (await request(gateway).get(`${PIPELINES}/${pipelineId}`).set(developer)).body.data;

  async function createPipeline(name: string): Promise<string> {
    const created = await request(gateway).post(PIPELINES).set(developer).send(buildModel(name));
    expect(created.status).toBe(201);
    return created.body.data.id;
  }

  async function credential(body: Record<string, string>): Promise<void> {
    expect((await request(gateway).post(CREDENTIALS).set(developer).send(body)).status).toBe(201);
  }

  beforeAll(async () => {
    const process = await env.start(processApp);
    processData = process.app.get(DataSource);
    await env.start(ticketApp);
    gateway = (await env.start(openapiApp)).url;
    expect((await request(gateway).post(`${PROCESS}/projects`).set(ADMIN).send({ projectName: 'Console', englishName: PROJECT })).status).toBe(201);
    expect((await request(gateway).post(`${PROCESS}/projects`).set(ADMIN).send({ projectName: 'Elsewhere', englishName: 'elsewhere' })).status).toBe(201);
    const group = await request(gateway).post(`${PROCESS}/projects/${PROJECT}/groups`).set(ADMIN).send({ groupCode: 'creators', groupName: 'creators', actions: ['pipeline_create', 'pipeline_list'] });
    expect(group.status).toBe(201);
    developer = await memberToken(gateway, PROJECT, 'dave', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'vera', 'viewer');
    creator = await memberToken(gateway, PROJECT, 'cora', 'creators');
    outsider = await memberToken(gateway, 'elsewhere', 'otto', 'developer');
  });

  afterAll(() => env.close());

  describe('pipelines', () => {
    it('lists the project’s live pipelines a page at a time, sorted and filtered as BK-CI does', async () => {
      for (const name of ['beta-build', 'alpha-build', 'gamma-deploy']) await createPipeline(name);
      const gone = await createPipeline('omega-build');
      expect((await request(gateway).delete(`${PIPELINES}/${gone}`).set(developer)).status).toBe(200);

      const first = await request(gateway).get(PIPELINES).query({ page: 1, pageSize: 2, sortType: 'NAME' }).set(viewer);
      expect(first.status).toBe(200);
      expect(first.body.data).toMatchObject({
        count: 3,
        page: 1,
        pageSize: 2,
        totalPages: 2,
        hasCreatePermission: false,
        hasPipelines: true,
        hasFavorPipelines: false,
        hasPermissionPipelines: true,
        currentView: null,
      });
      expect(first.body.data.records.map((row: { pipelineName: string }) => row.pipelineName)).toEqual(['alpha-build', 'beta-build']);
      expect(first.body.data.records[0]).toMatchObject({
        projectId: PROJECT,
        pipelineId: expect.stringMatching(/^[0-9a-f]{32}$/),
        taskCount: 2,
        canManualStartup: true,
        buildCount: 0,
        pipelineVersion: 1,
        instanceFromTemplate: false,
        templateId: null,
        creator: 'dave',
        updater: 'dave',
        delete: false,
        latestVersionStatus: 'RELEASED',
        hasPermission: true,
      });
      const second = await request(gateway).get(PIPELINES).query({ page: 2, pageSize: 2, sortType: 'NAME' }).set(viewer);
      expect(second.body.data.records.map((row: { pipelineName: string }) => row.pipelineName)).toEqual(['gamma-deploy']);

      const filtered = await request(gateway).get(PIPELINES).query({ filterByPipelineName: 'build', sortType: 'NAME' }).set(developer);
      expect(filtered.body.data).toMatchObject({ count: 2, hasCreatePermission: true });
      expect(filtered.body.data.records.map((row: { pipelineName: string }) => row.pipelineName)).toEqual(['alpha-build', 'beta-build']);
      const wildcard = await request(gateway).get(PIPELINES).query({ filterByPipelineName: '%' }).set(developer);
      expect(wildcard.body.data).toMatchObject({ count: 0, records: [], hasPipelines: true });
      const byDefault = await request(gateway).get(PIPELINES).set(developer);
      expect(byDefault.body.data.records).toHaveLength(3);

      const badSort = await request(gateway).get(PIPELINES).query({ sortType: 'FAVOURITE' }).set(developer);
      expect(badSort.status).toBe(400);
      expect(badSort.body.message).toContain('sortType');
      expect((await request(gateway).get(PIPELINES).set(outsider)).status).toBe(403);
    });

    it('answers hasCreatePermission and pipelineExist instead of taking them for pipeline ids', async () => {
      for (const [who, expected] of [
        [developer, true],
        [viewer, false],
        [outsider, false],
      ] as const) {
        const answer = await request(gateway).get(`${PIPELINES}/hasCreatePermission`).set(who);
        expect(answer.status).toBe(200);
        expect(answer.body).toEqual({ status: 0, message: null, data: expected });
      }
      const exists = (pipelineName: string, who = viewer) => request(gateway).get(`${PIPELINES}/pipelineExist?pipelineName=${pipelineName}`).set(who);
      expect((await exists('alpha-build')).body).toEqual({ status: 0, message: null, data: true });
      expect((await exists('omega-build')).body.data).toBe(false);
      expect((await exists('alpha')).body.data).toBe(false);
      const missing = await request(gateway).get(`${PIPELINES}/pipelineExist`).set(viewer);
      expect(missing.status).toBe(400);
      expect(missing.body.message).toContain('pipelineName');
      expect((await exists('alpha-build', outsider)).status).toBe(403);
    });

    it('creates a pipeline from a template as the console’s “new pipeline” page sends it, detached from the template', async () => {
      const template = buildModel('release-template', 'make release');
      const trigger = template.stages[0].containers[0] as TriggerContainer;
      const env: BuildFormProperty = { id: 'env', type: 'STRING', required: true, defaultValue: 'dev' };
      const region: BuildFormProperty = { id: 'region', type: 'STRING', required: false, defaultValue: 'eu' };
      trigger.params = [env];
      trigger.templateParams = [region];
      const created = await request(gateway).post(V1_TEMPLATES).set(developer).send(template);
      expect(created.status).toBe(201);
      templateId = created.body.data.id;
      const setting = (await request(gateway).get(`${V1_TEMPLATES}/${templateId}/settings`).set(developer)).body.data;
      const subscription = { types: ['EMAIL'], groups: [], users: 'dave', wechatGroupFlag: false, wechatGroup: '', wechatGroupMarkdownFlag: false, detailFlag: false, content: 'built' };
      const changed = await request(gateway)
        .put(`${V1_TEMPLATES}/${templateId}/settings`)
        .set(developer)
        .send({ ...setting, concurrencyGroup: 'release', concurrencyCancelInProgress: true, successSubscriptionList: [subscription] });
      expect(changed.status).toBe(200);
      const latest = (await request(gateway).get(`${V1_TEMPLATES}/${templateId}`).set(developer)).body.data.currentVersion.version;

      // CreatePipeline.vue's createNewPipeline: the settings ticked are sent as `<setting>: true`.
      const body = {
        emptyTemplate: false,
        projectId: PROJECT,
        templateId,
        templateVersion: latest,
        pipelineName: 'free-release',
        useSubscriptionSettings: true,
        useConcurrencyGroup: true,
        useLabelSettings: true,
        instanceType: 'FREEDOM',
        inheritedDialect: true,
        pipelineDialect: 'CLASSIC',
        labels: [],
      };
      const before = await pipelineCount();
      const answer = await request(gateway).post(CREATE_FROM_TEMPLATE).set(developer).send(body);
      expect(answer.status).toBe(201);
      expect(answer.body.data).toEqual({
        pipelineId: expect.stringMatching(/^[0-9a-f]{32}$/),
        pipelineName: 'free-release',
        version: 1,
        versionNum: 1,
        versionName: 'V1',
        targetUrl: null,
        pullRequestId: null,
        yamlInfo: null,
        updateBuildNo: null,
      });
      expect(await pipelineCount()).toBe(before + 1);
      const pipelineId = answer.body.data.pipelineId as string;
      const model = await modelOf(pipelineId);
      expect(model).toMatchObject({ name: 'free-release', instanceFromTemplate: false });
      expect(model.templateId ?? null).toBeNull();
      expect(model.template ?? null).toBeNull();
      expect(model.stages[1].containers[0].elements[0]).toMatchObject({ script: 'make release' });
      // The template's constants become constant params of the pipeline (BK-CI PipelineUtils.instanceModel).
      expect(paramsOf(model)).toEqual([{ ...region, constant: true }, env]);
      expect((model.stages[0].containers[0] as TriggerContainer).templateParams ?? null).toBeNull();
      const version = await request(gateway).get(`${PROCESS}/version/projects/${PROJECT}/pipelines/${pipelineId}/versions/1`).set(developer);
      expect(version.body.data.modelAndSetting.setting).toMatchObject({
        pipelineName: 'free-release',
        concurrencyGroup: 'release',
        concurrencyCancelInProgress: true,
        maxConRunningQueueSize: 200,
        successSubscriptionList: [subscription],
        pipelineAsCodeSettings: { inheritedDialect: true, pipelineDialect: null },
      });
      const instances = await request(gateway).get(`${PROCESS}/templateInstances/projects/${PROJECT}/templates/${templateId}`).set(developer);
      expect(instances.body.data).toMatchObject({ count: 0, instances: [] });
      const listed = await request(gateway).get(PIPELINES).query({ filterByPipelineName: 'free-release' }).set(developer);
      expect(listed.body.data.records).toEqual([expect.objectContaining({ pipelineName: 'free-release', instanceFromTemplate: false, templateId: null })]);

      // The console's empty pipeline: BK-CI's default model, whatever template is selected.
      const empty = await request(gateway).post(CREATE_FROM_TEMPLATE).set(developer).send({ ...body, emptyTemplate: true, pipelineName: 'from-scratch', useSubscriptionSettings: false });
      expect(empty.status).toBe(201);
      const emptyModel = await modelOf(empty.body.data.pipelineId);
      expect(emptyModel.stages).toHaveLength(1);
      expect(emptyModel.stages[0].containers[0].elements).toEqual([expect.objectContaining({ '@type': 'manualTrigger' })]);
    });

    it('refuses a pipeline from a template without permission or with bad input, creating nothing', async () => {
      const body = { templateId, pipelineName: 'refused', instanceType: 'FREEDOM' };
      const before = await pipelineCount();
      expect((await request(gateway).post(CREATE_FROM_TEMPLATE).set(viewer).send(body)).status).toBe(403);
      const noTemplateView = await request(gateway).post(CREATE_FROM_TEMPLATE).set(creator).send(body);
      expect(noTemplateView.status).toBe(403);
      expect(noTemplateView.body.message).toContain('pipeline_template_view');
      const cases: Array<[Record<string, unknown>, number, string]> = [
        [{ ...body, pipelineName: undefined }, 400, 'pipelineName'],
        [{ ...body, instanceType: 'CONSTRAINT' }, 400, 'instanceType'],
        [{ ...body, templateId: undefined }, 400, 'templateId'],
        [{ ...body, templateVersion: 'latest' }, 400, 'templateVersion'],
        [{ ...body, templateId: 'no-such-template' }, 404, 'no-such-template'],
        [{ ...body, templateVersion: 999999 }, 404, '999999'],
        [{ ...body, pipelineName: 'alpha-build' }, 409, 'alpha-build'],
      ];
      for (const [sent, status, named] of cases) {
        const refused = await request(gateway).post(CREATE_FROM_TEMPLATE).set(developer).send(sent);
        expect([refused.status, refused.body.message]).toEqual([status, expect.stringContaining(named)]);
      }
      expect(await pipelineCount()).toBe(before);
    });

    it('tells whether a pipeline can roll back to a version, as BK-CI decides it', async () => {
      const plain = await createPipeline('rollback-plain');
      expect((await request(gateway).put(`${PIPELINES}/${plain}`).set(developer).send(buildModel('rollback-plain', 'make 2'))).status).toBe(200);
      const canRollback = (pipelineId: string, version: number | string, who = developer) =>
        request(gateway).get(`${PROCESS}/version/projects/${PROJECT}/pipelines/${pipelineId}/canRollback?version=${version}`).set(who);
      expect((await canRollback(plain, 1)).body).toEqual({ status: 0, message: null, data: true });

      const version = (await request(gateway).get(`${V1_TEMPLATES}/${templateId}`).set(developer)).body.data.currentVersion.version;
      const instantiated = await request(gateway)
        .post(`${PROCESS}/templateInstances/projects/${PROJECT}/templates/${templateId}`)
        .query({ version })
        .set(developer)
        .send([{ pipelineName: 'rollback-instance' }]);
      const instance = instantiated.body.data.successPipelinesId[0] as string;
      // Saved by hand twice, without the template descriptor the instance version carries.
      for (const script of ['by hand 1', 'by hand 2']) {
        const { template: _descriptor, ...edited } = await modelOf(instance);
        edited.stages[1].containers[0].elements[0] = { ...edited.stages[1].containers[0].elements[0], script } as never;
        expect((await request(gateway).put(`${PIPELINES}/${instance}`).set(developer).send(edited)).status).toBe(200);
      }
      expect((await canRollback(instance, 1)).body.data).toBe(true);
      expect((await canRollback(instance, 2)).body.data).toBe(false);
      expect((await canRollback(instance, 3)).body.data).toBe(true);

      expect((await canRollback(instance, 9)).status).toBe(404);
      expect((await canRollback(instance, 'latest')).status).toBe(400);
      expect((await request(gateway).get(`${PROCESS}/version/projects/${PROJECT}/pipelines/${instance}/canRollback`).set(developer)).status).toBe(400);
      expect((await canRollback(instance, 1, viewer)).status).toBe(403);
    });
  });

  describe('credentials and certificates', () => {
    beforeAll(async () => {
      await credential({ credentialId: 'git_login', credentialType: 'USERNAME_PASSWORD', v1: 'git', v2: 'secret-1', credentialRemark: 'deploy key' });
      await credential({ credentialId: 'api_token', credentialType: 'ACCESSTOKEN', v1: 'secret-2' });
      await credential({ credentialId: 'store_pw', credentialType: 'PASSWORD', v1: 'store-pass-123', credentialRemark: '100% store' });
      await credential({ credentialId: 'alias_pw', credentialType: 'PASSWORD', v1: 'alias-pass-456' });
    });

    it('lists the credentials the caller may use, as the console’s pickers ask, instead of taking hasPermissionList for an id', async () => {
      // ContainerPropertyPanel's docker login picker.
      const picker = await request(gateway).get(`${CREDENTIALS}/hasPermissionList?permission=USE&page=1&pageSize=1000&credentialTypes=USERNAME_PASSWORD`).set(developer);
      expect(picker.status).toBe(200);
      expect(picker.body.data).toMatchObject({ count: 1, page: 1, pageSize: 100, totalPages: 1 });
      expect(picker.body.data.records).toEqual([
        {
          credentialId: 'git_login',
          credentialName: 'git_login',
          credentialType: 'USERNAME_PASSWORD',
          credentialRemark: 'deploy key',
          v1: '******',
          v2: '******',
          v3: null,
          v4: null,
          createUser: 'dave',
          updateUser: 'dave',
          updatedTime: expect.any(Number),
        },
      ]);
      // devops-ticket's requestCreditByPermission without types.
      const all = await request(gateway).get(`${CREDENTIALS}/hasPermissionList?permission=USE&page=1&pageSize=100`).set(developer);
      expect(all.body.data.count).toBe(4);
      expect(all.body.data.records.map((row: { credentialId: string }) => row.credentialId).sort()).toEqual(['alias_pw', 'api_token', 'git_login', 'store_pw']);
      const twoTypes = await request(gateway).get(`${CREDENTIALS}/hasPermissionList`).query({ permission: 'USE', credentialTypes: 'PASSWORD,ACCESSTOKEN' }).set(developer);
      expect(twoTypes.body.data.count).toBe(3);
      const byRemark = await request(gateway).get(`${CREDENTIALS}/hasPermissionList`).query({ permission: 'USE', keyword: 'deploy' }).set(developer);
      expect(byRemark.body.data.records.map((row: { credentialId: string }) => row.credentialId)).toEqual(['git_login']);
      const byId = await request(gateway).get(`${CREDENTIALS}/hasPermissionList`).query({ permission: 'USE', keyword: 'token' }).set(developer);
      expect(byId.body.data.records.map((row: { credentialId: string }) => row.credentialId)).toEqual(['api_token']);
      // LIKE's wildcards in the keyword match themselves only.
      const percent = await request(gateway).get(`${CREDENTIALS}/hasPermissionList`).query({ permission: 'USE', keyword: '%' }).set(developer);
      expect(percent.body.data.records.map((row: { credentialId: string }) => row.credentialId)).toEqual(['store_pw']);
      const underscore = await request(gateway).get(`${CREDENTIALS}/hasPermissionList`).query({ permission: 'USE', keyword: '_p' }).set(developer);
      expect(underscore.body.data.records.map((row: { credentialId: string }) => row.credentialId).sort()).toEqual(['alias_pw', 'store_pw']);
    });

    it('answers hasPermissionList for what each caller may do: viewers may list but not use, a per-credential grant reaches one', async () => {
      const use = (who: Record<string, string>) => request(gateway).get(`${CREDENTIALS}/hasPermissionList?permission=USE&page=1&pageSize=100`).set(who);
      expect((await use(viewer)).body.data).toMatchObject({ count: 0, records: [] });
      const listed = await request(gateway).get(`${CREDENTIALS}/hasPermissionList?permission=LIST`).set(viewer);
      expect(listed.body.data.count).toBe(4);
      expect((await use(outsider)).body.data).toMatchObject({ count: 0, records: [] });

      const granted = await request(gateway).post(`${PROCESS}/auth/resource/${PROJECT}/credential/api_token/groups/user/members`).set(ADMIN).send({ userIds: ['cora'] });
      expect(granted.status).toBe(201);
      expect((await use(creator)).body.data.records.map((row: { credentialId: string }) => row.credentialId)).toEqual(['api_token']);

      for (const query of ['', 'permission=STEAL', 'permission=USE&credentialTypes=CARROT', 'permission=USE&pageSize=abc']) {
        const refused = await request(gateway).get(`${CREDENTIALS}/hasPermissionList?${query}`).set(developer);
        expect(refused.status).toBe(400);
      }
    });

    it('answers whether the caller may create certificates', async () => {
      for (const [who, expected] of [
        [developer, true],
        [viewer, false],
        [outsider, false],
      ] as const) {
        const answer = await request(gateway).get(`${CERTS}/hasCreatePermission`).set(who);
        expect(answer.body).toEqual({ status: 0, message: null, data: expected });
      }
    });

    it('edits an android certificate with the form the console posts back from the detail it loaded', async () => {
      const upload = await request(gateway)
        .post(`${CERTS}/types/android`)
        .set(developer)
        .field('certId', 'android_release')
        .field('credentialId', 'store_pw')
        .field('alias', 'Release-Key')
        .field('aliasCredentialId', 'alias_pw')
        .field('certRemark', 'release')
        .attach('fileJks', certificateFixture('android.jks'), 'release.jks');
      expect(upload.status).toBe(201);

      const detail = await request(gateway).get(`${CERTS}/types/android?certId=android_release`).set(developer);
      expect(detail.body.data).toEqual({ certId: 'android_release', jksFileName: 'release.jks', credentialId: 'store_pw', alias: 'Release-Key', aliasCredentialId: 'alias_pw', remark: 'release' });

      const form = multipart([...consoleEditForm(detail.body.data, ['jksFileName'], 'release, renewed'), { name: 'fileJks', fileName: '', content: Buffer.alloc(0) }]);
      const edited = await request(gateway).put(`${CERTS}/types/android`).set(developer).set('content-type', form.contentType).send(form.body);
      expect(edited.status).toBe(200);
      const after = await request(gateway).get(`${CERTS}/types/android?certId=android_release`).set(developer);
      expect(after.body.data).toEqual({ ...detail.body.data, remark: 'release, renewed' });

      const byViewer = await request(gateway).put(`${CERTS}/types/android`).set(viewer).set('content-type', form.contentType).send(form.body);
      expect(byViewer.status).toBe(403);
    });

    it('edits a TLS certificate with new server files, empty client file inputs and fields it does not know', async () => {
      const upload = await request(gateway)
        .post(`${CERTS}/types/tls`)
        .set(developer)
        .field('certId', 'tls_site')
        .attach('serverCrt', certificateFixture('tls.crt'), 'old.crt')
        .attach('serverKey', certificateFixture('tls.key'), 'old.key');
      expect(upload.status).toBe(201);
      const detail = await request(gateway).get(`${CERTS}/types/tls?certId=tls_site`).set(developer);
      expect(detail.body.data).toEqual({ certId: 'tls_site', serverCrtFileName: 'old.crt', serverKeyFileName: 'old.key', clientCrtFileName: null, clientKeyFileName: null, remark: '' });

      const form = multipart([
        ...consoleEditForm({ ...detail.body.data, certType: 'tls', expireTime: 2019686400000 }, ['serverCrtFileName', 'serverKeyFileName', 'clientCrtFileName', 'clientKeyFileName'], 'rotated'),
        { name: 'serverCrt', fileName: 'new.crt', content: certificateFixture('tls.crt') },
        { name: 'serverKey', fileName: 'new.key', content: certificateFixture('tls.key') },
        { name: 'clientCrt', fileName: '', content: Buffer.alloc(0) },
        { name: 'clientKey', fileName: '', content: Buffer.alloc(0) },
        { name: 'fileP12', fileName: 'stray.p12', content: certificateFixture('tls.p12') },
      ]);
      const edited = await request(gateway).put(`${CERTS}/types/tls`).set(developer).set('content-type', form.contentType).send(form.body);
      expect(edited.status).toBe(200);
      const after = await request(gateway).get(`${CERTS}/types/tls?certId=tls_site`).set(developer);
      expect(after.body.data).toEqual({ ...detail.body.data, serverCrtFileName: 'new.crt', serverKeyFileName: 'new.key', remark: 'rotated' });

      const twice = multipart([
        { name: 'certId', value: 'tls_site' },
        { name: 'serverKey', fileName: 'a.key', content: certificateFixture('tls.key') },
        { name: 'serverKey', fileName: 'b.key', content: certificateFixture('tls.key') },
      ]);
      const refused = await request(gateway).put(`${CERTS}/types/tls`).set(developer).set('content-type', twice.contentType).send(twice.body);
      expect(refused.status).toBe(400);
      expect(refused.body.data).toEqual({ field: 'serverKey' });
      expect((await request(gateway).get(`${CERTS}/types/tls?certId=tls_site`).set(developer)).body.data.serverKeyFileName).toBe('new.key');
    });
  });
});
