import request from 'supertest';
import { buildModel, memberToken, TestEnvironment } from '@bkci/testing';
import { ADMIN, processWithProjects } from './builds.fixtures';

const PROJECT = 'apps-bound';
const OTHER = 'apps-other';
const appV4 = (projectId: string, call: string) => `/ms/openapi/api/apigw-app/v4/projects/${projectId}/${call}`;
const userV4 = (projectId: string, call: string) => `/ms/openapi/api/apigw-user/v4/projects/${projectId}/${call}`;
const as = (appCode: string, secret: string, userId?: string) => ({
  'X-DEVOPS-APP-CODE': appCode,
  'X-DEVOPS-APP-SECRET': secret,
  ...(userId === undefined ? {} : { 'X-DEVOPS-UID': userId }),
});

/** Third-party apps (BK-CI's app mode): registered with hashed secrets, bound to projects, acting for a named user. */
describe('OpenAPI apps (apigw-app)', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let developer: Record<string, string>;
  let manager: Record<string, string>;
  let pipelineId: string;
  let otherPipelineId: string;

  async function createApp(appCode: string): Promise<string> {
    const created = await request(gateway).post('/ms/openapi/api/op/apps').set(ADMIN).send({ appCode, name: `App ${appCode}`, description: '' });
    expect(created.status).toBe(201);
    return created.body.data.secret as string;
  }

  const bind = (appCode: string, projectId: string) => request(gateway).post(`/ms/openapi/api/op/appCodeProject/${appCode}/${projectId}`).set(ADMIN);
  const start = (projectId: string, pipeline: string, headers: Record<string, string>) =>
    request(gateway).post(appV4(projectId, 'build_start')).query({ pipelineId: pipeline }).set(headers).send({});

  beforeAll(async () => {
    ({ gateway } = await processWithProjects(env, [PROJECT, OTHER]));
    developer = await memberToken(gateway, PROJECT, 'dora', 'developer');
    await memberToken(gateway, PROJECT, 'vince', 'viewer');
    manager = await memberToken(gateway, PROJECT, 'mona', 'manager');
    const outsider = await memberToken(gateway, OTHER, 'dora', 'developer');
    const created = await request(gateway).post(userV4(PROJECT, 'pipelines/pipeline')).set(developer).send(buildModel('app-started'));
    expect(created.status).toBe(201);
    pipelineId = created.body.data.id as string;
    const other = await request(gateway).post(userV4(OTHER, 'pipelines/pipeline')).set(outsider).send(buildModel('not-for-apps'));
    expect(other.status).toBe(201);
    otherPipelineId = other.body.data.id as string;
  });

  afterAll(() => env.close());

  it('starts a build as the named user when the app is bound to the project, with either header form', async () => {
    const secret = await createApp('release-bot');
    expect(secret).toMatch(/^bkci_app_/);
    expect((await bind('release-bot', PROJECT)).body).toEqual({ status: 0, message: null, data: true });

    const started = await start(PROJECT, pipelineId, as('release-bot', secret, 'dora'));
    expect(started.status).toBe(200);
    const buildId = started.body.data.id as string;
    const status = await request(gateway).get(userV4(PROJECT, 'build_status')).query({ pipelineId, buildId }).set(developer);
    expect(status.body.data.userId).toBe('dora');

    const bkapi = { 'X-Bkapi-Authorization': JSON.stringify({ bk_app_code: 'release-bot', bk_app_secret: secret, bk_username: 'dora' }) };
    expect((await start(PROJECT, pipelineId, bkapi)).status).toBe(200);
  });

  it('refuses a bound app acting for a user without the permission, and an app in a project it is not bound to', async () => {
    const secret = await createApp('narrow-bot');
    await bind('narrow-bot', PROJECT);

    const viewer = await start(PROJECT, pipelineId, as('narrow-bot', secret, 'vince'));
    expect([viewer.status, viewer.body.status]).toEqual([403, 2100006]);
    expect(viewer.body.message).toContain('vince');
    const stranger = await start(PROJECT, pipelineId, as('narrow-bot', secret, 'nobody'));
    expect(stranger.status).toBe(403);

    // dora may start builds in OTHER, but the app may not act there.
    const unbound = await start(OTHER, otherPipelineId, as('narrow-bot', secret, 'dora'));
    expect([unbound.status, unbound.body.status]).toEqual([403, 2112405]);
    expect(unbound.body.message).toBe(`App narrow-bot is not bound to project ${OTHER}; a manager of the project binds it`);
  });

  it('never trusts X-DEVOPS-UID or X-DEVOPS-APP-CODE without a valid secret', async () => {
    const secret = await createApp('trusty-bot');
    await bind('trusty-bot', PROJECT);
    const forgedUser = await start(PROJECT, pipelineId, { 'X-DEVOPS-UID': 'admin' });
    expect([forgedUser.status, forgedUser.body.status]).toEqual([401, 2112406]);
    expect(forgedUser.body.message).toContain('X-DEVOPS-APP-SECRET');
    expect((await start(PROJECT, pipelineId, { 'X-DEVOPS-APP-CODE': 'trusty-bot', 'X-DEVOPS-UID': 'dora' })).status).toBe(401);
    expect((await start(PROJECT, pipelineId, as('trusty-bot', 'bkci_app_guessed', 'dora'))).status).toBe(401);
    // Another app's secret does not open this one.
    const otherSecret = await createApp('other-bot');
    expect((await start(PROJECT, pipelineId, as('trusty-bot', otherSecret, 'dora'))).status).toBe(401);
    // A user's token is no app credential in app mode.
    expect((await start(PROJECT, pipelineId, { ...developer, 'X-DEVOPS-APP-CODE': 'trusty-bot', 'X-DEVOPS-UID': 'dora' })).status).toBe(401);
    expect((await start(PROJECT, pipelineId, { 'X-Bkapi-Authorization': 'not json' })).body.message).toContain('JSON object');

    // Elsewhere the headers are dropped: a user's call acts as that user, and app credentials are no user credential.
    const outsider = await memberToken(gateway, OTHER, 'otto', 'viewer');
    const projects = await request(gateway).get('/ms/process/api/user/projects').set({ ...outsider, 'X-DEVOPS-UID': 'admin', 'X-DEVOPS-APP-CODE': 'trusty-bot' });
    expect(projects.body.data.map((p: { projectId: string }) => p.projectId)).toEqual([OTHER]);
    const userMode = await request(gateway).post(userV4(PROJECT, 'build_start')).query({ pipelineId }).set(as('trusty-bot', secret, 'dora')).send({});
    expect(userMode.status).toBe(401);
  });

  it('needs the user the app acts for, and a project in the path', async () => {
    const secret = await createApp('lazy-bot');
    await bind('lazy-bot', PROJECT);
    const noUser = await start(PROJECT, pipelineId, as('lazy-bot', secret));
    expect([noUser.status, noUser.body.status]).toEqual([400, 2112407]);
    expect(noUser.body.message).toContain('X-DEVOPS-UID');
    const badUser = await start(PROJECT, pipelineId, as('lazy-bot', secret, 'no such user!'));
    expect([badUser.status, badUser.body.status]).toEqual([400, 2100004]);

    const install = await request(gateway).post('/ms/openapi/api/apigw-app/v4/market/template_install_from_store').set(as('lazy-bot', secret, 'dora')).send({});
    expect([install.status, install.body.status]).toEqual([403, 2112408]);
    expect(install.body.message).toContain('names no project');
  });

  it('rotates a secret without downtime: two active at most, a revoked one stops working', async () => {
    const first = await createApp('rotating-bot');
    await bind('rotating-bot', PROJECT);
    const added = await request(gateway).post('/ms/openapi/api/op/apps/rotating-bot/secrets').set(ADMIN);
    expect(added.status).toBe(201);
    const second = added.body.data.secret as string;
    expect(second).not.toBe(first);

    const third = await request(gateway).post('/ms/openapi/api/op/apps/rotating-bot/secrets').set(ADMIN);
    expect([third.status, third.body.status]).toEqual([409, 2112403]);
    expect(third.body.message).toContain('revoke one');

    expect((await start(PROJECT, pipelineId, as('rotating-bot', first, 'dora'))).status).toBe(200);
    expect((await start(PROJECT, pipelineId, as('rotating-bot', second, 'dora'))).status).toBe(200);

    const app = await request(gateway).get('/ms/openapi/api/op/apps/rotating-bot').set(ADMIN);
    const firstId = (app.body.data.secrets as { id: string }[]).find((s) => s.id !== added.body.data.id)!.id;
    expect((await request(gateway).delete(`/ms/openapi/api/op/apps/rotating-bot/secrets/${firstId}`).set(ADMIN)).status).toBe(200);
    const again = await request(gateway).delete(`/ms/openapi/api/op/apps/rotating-bot/secrets/${firstId}`).set(ADMIN);
    expect([again.status, again.body.status]).toEqual([404, 2112404]);

    expect((await start(PROJECT, pipelineId, as('rotating-bot', first, 'dora'))).status).toBe(401);
    expect((await start(PROJECT, pipelineId, as('rotating-bot', second, 'dora'))).status).toBe(200);
    // One active again: room for the next rotation, and for one only, however many ask at once.
    const racing = await Promise.all([1, 2, 3].map(() => request(gateway).post('/ms/openapi/api/op/apps/rotating-bot/secrets').set(ADMIN)));
    expect(racing.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);

    const listed = await request(gateway).get('/ms/openapi/api/op/apps/rotating-bot').set(ADMIN);
    expect(listed.body.data.secrets).toHaveLength(3);
    expect(listed.body.data.secrets[0]).toMatchObject({ id: firstId, revokedAt: expect.any(String), lastUsedAt: expect.any(String) });
  });

  it('lets a project manager bind and unbind apps in their project only', async () => {
    const secret = await createApp('team-bot');
    const path = (projectId: string) => `/ms/openapi/api/user/projects/${projectId}/apps/team-bot`;

    expect((await request(gateway).post(path(PROJECT)).set(developer)).status).toBe(403);
    expect((await request(gateway).post(path(OTHER)).set(manager)).status).toBe(403);
    const bound = await request(gateway).post(path(PROJECT)).set(manager);
    expect(bound.status).toBe(201);
    expect(bound.body.data).toMatchObject({ appCode: 'team-bot', projectId: PROJECT, creator: 'mona', createTime: expect.any(Number) });
    expect((await request(gateway).post(`/ms/openapi/api/user/projects/${PROJECT}/apps/no-such-app`).set(manager)).body.status).toBe(2112401);

    const list = await request(gateway).get(`/ms/openapi/api/user/projects/${PROJECT}/apps`).set(developer);
    expect(list.body.data.map((b: { appCode: string }) => b.appCode)).toContain('team-bot');
    expect((await start(PROJECT, pipelineId, as('team-bot', secret, 'dora'))).status).toBe(200);

    expect((await request(gateway).delete(path(PROJECT)).set(developer)).status).toBe(403);
    expect((await request(gateway).delete(path(PROJECT)).set(manager)).body.data).toBe(true);
    expect((await start(PROJECT, pipelineId, as('team-bot', secret, 'dora'))).status).toBe(403);
  });

  it("answers BK-CI's op routes for bindings", async () => {
    await createApp('op-bot');
    const added = await request(gateway).post('/ms/openapi/api/op/appCodeProject/op-bot').query({ projectId: `${PROJECT};${OTHER}` }).set(ADMIN);
    expect([added.status, added.body.data]).toEqual([200, true]);
    // Binding again changes nothing.
    expect((await bind('op-bot', PROJECT)).body.data).toBe(true);

    const ofApp = await request(gateway).get('/ms/openapi/api/op/appCodeProject/op-bot').set(ADMIN);
    expect(ofApp.body.data).toEqual([
      { id: expect.any(Number), appCode: 'op-bot', projectId: PROJECT, creator: 'admin', createTime: expect.any(Number) },
      { id: expect.any(Number), appCode: 'op-bot', projectId: OTHER, creator: 'admin', createTime: expect.any(Number) },
    ]);
    const all = await request(gateway).get('/ms/openapi/api/op/appCodeProject').set(ADMIN);
    expect(all.body.data.length).toBeGreaterThan(2);
    expect((await request(gateway).get(`/ms/openapi/api/op/appCodeProject/op-bot/${OTHER}`).set(ADMIN)).body.data).toMatchObject({ projectId: OTHER });

    expect((await request(gateway).delete(`/ms/openapi/api/op/appCodeProject/op-bot/${OTHER}`).set(ADMIN)).body.data).toBe(true);
    expect((await request(gateway).delete(`/ms/openapi/api/op/appCodeProject/op-bot/${OTHER}`).set(ADMIN)).body.data).toBe(false);
    expect((await request(gateway).get(`/ms/openapi/api/op/appCodeProject/op-bot/${OTHER}`).set(ADMIN)).body.data).toBeNull();

    expect((await request(gateway).post('/ms/openapi/api/op/appCodeProject/op-bot').query({ projectId: 'Bad Id!' }).set(ADMIN)).status).toBe(400);
    expect((await request(gateway).post('/ms/openapi/api/op/appCodeProject/no-such-app').query({ projectId: PROJECT }).set(ADMIN)).status).toBe(404);
    expect((await request(gateway).get('/ms/openapi/api/op/appCodeProject').set(manager)).status).toBe(403);
  });

  it('lists apps to administrators only, never with a secret, and deleting an app stops its calls', async () => {
    const secret = await createApp('listed-bot');
    await bind('listed-bot', PROJECT);
    const added = await request(gateway).post('/ms/openapi/api/op/apps/listed-bot/secrets').set(ADMIN);

    const list = await request(gateway).get('/ms/openapi/api/op/apps').set(ADMIN);
    expect(list.status).toBe(200);
    const listed = (list.body.data as { appCode: string }[]).find((app) => app.appCode === 'listed-bot');
    expect(listed).toEqual({
      appCode: 'listed-bot',
      name: 'App listed-bot',
      description: '',
      creator: 'admin',
      createdAt: expect.any(String),
      secrets: [
        { id: expect.any(String), secretPrefix: secret.slice(0, 16), creator: 'admin', createdAt: expect.any(String), lastUsedAt: null, revokedAt: null },
        { id: added.body.data.id, secretPrefix: (added.body.data.secret as string).slice(0, 16), creator: 'admin', createdAt: expect.any(String), lastUsedAt: null, revokedAt: null },
      ],
    });
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain(added.body.data.secret);
    expect((await request(gateway).get('/ms/openapi/api/op/apps').set(manager)).status).toBe(403);
    expect((await request(gateway).post('/ms/openapi/api/op/apps').set(manager).send({ appCode: 'mine', name: 'Mine' })).status).toBe(403);

    const taken = await request(gateway).post('/ms/openapi/api/op/apps').set(ADMIN).send({ appCode: 'listed-bot', name: 'Again' });
    expect([taken.status, taken.body.status]).toEqual([409, 2112402]);
    const bad = await request(gateway).post('/ms/openapi/api/op/apps').set(ADMIN).send({ appCode: 'Bad Code', name: 'Bad', extra: 1 });
    expect([bad.status, bad.body.status]).toEqual([400, 2100004]);
    expect(bad.body.message).toContain('appCode');

    expect((await request(gateway).delete('/ms/openapi/api/op/apps/listed-bot').set(ADMIN)).status).toBe(200);
    expect((await start(PROJECT, pipelineId, as('listed-bot', secret, 'dora'))).status).toBe(401);
    expect((await request(gateway).get('/ms/openapi/api/op/appCodeProject/listed-bot').set(ADMIN)).body.data).toEqual([]);
    expect((await request(gateway).get('/ms/openapi/api/op/apps/listed-bot').set(ADMIN)).status).toBe(404);
  });
});
