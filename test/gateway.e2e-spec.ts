import request from 'supertest';
import { ServiceTokens } from '@bkci/auth';
import { TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { ALL_APPS } from '../apps/standalone/src/all-apps';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

describe('gateway: the only way in', () => {
  const env = new TestEnvironment();
  let gateway: string;
  const urls: Record<string, string> = {};

  beforeAll(async () => {
    for (const definition of ALL_APPS) urls[definition.name] = (await env.start(definition)).url;
    gateway = urls.openapi;
  });

  afterAll(() => env.close());

  it.each(['process', 'ticket', 'environment', 'notify', 'log', 'quality'])(
    'routes /ms/%s/api/health with the admin token',
    async (app) => {
      const response = await request(gateway).get(`/ms/${app}/api/health`).set(ADMIN);
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ status: 0, message: null, data: { database: 'up', bus: 'up', lock: 'up' } });
    },
  );

  it('answers 401 with the envelope when no token or a wrong token is sent', async () => {
    const none = await request(gateway).get('/ms/process/api/health');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ status: 2100005, data: null });
    const wrong = await request(gateway).get('/ms/process/api/health').set({ Authorization: 'Bearer bkci_pat_nope' });
    expect(wrong.status).toBe(401);
  });

  it('gives a PAT of a non-member 403 in a project, and 200 once added with a role', async () => {
    const created = await request(gateway).post('/ms/openapi/api/op/users/alice/tokens').set(ADMIN).send({ name: 'cli' });
    expect(created.status).toBe(201);
    const alice = { Authorization: `Bearer ${created.body.data.token as string}` };

    const project = await request(gateway)
      .post('/ms/process/api/user/projects')
      .set(ADMIN)
      .send({ projectName: 'Demo', englishName: 'demo-rbac', description: 'rbac test' });
    expect(project.status).toBe(201);
    expect(project.body.data).toMatchObject({ projectId: 'demo-rbac', projectCode: 'demo-rbac', projectName: 'Demo' });

    const denied = await request(gateway).get('/ms/process/api/user/projects/demo-rbac').set(alice);
    expect(denied.status).toBe(403);
    expect(denied.body.status).toBe(2100006);
    expect((await request(gateway).get('/ms/process/api/user/projects').set(alice)).body.data).toEqual([]);

    const added = await request(gateway)
      .post('/ms/process/api/user/projects/demo-rbac/groups/viewer/members')
      .set(ADMIN)
      .send({ userIds: ['alice'] });
    expect(added.status).toBe(201);

    const allowed = await request(gateway).get('/ms/process/api/user/projects/demo-rbac').set(alice);
    expect(allowed.status).toBe(200);
    expect(allowed.body.data.projectId).toBe('demo-rbac');
    // A viewer may look but not manage.
    const manage = await request(gateway)
      .post('/ms/process/api/user/projects/demo-rbac/groups/developer/members')
      .set(alice)
      .send({ userIds: ['mallory'] });
    expect(manage.status).toBe(403);
  });

  it('stops honouring a PAT once its owner revokes it', async () => {
    const created = await request(gateway).post('/ms/openapi/api/op/users/bob/tokens').set(ADMIN).send({ name: 'temp' });
    const bob = { Authorization: `Bearer ${created.body.data.token as string}` };
    expect((await request(gateway).get('/ms/openapi/api/user/tokens').set(bob)).body.data).toHaveLength(1);
    const revoked = await request(gateway).delete(`/ms/openapi/api/user/tokens/${created.body.data.id as string}`).set(bob);
    expect(revoked.status).toBe(200);
    expect((await request(gateway).get('/ms/process/api/user/projects').set(bob)).status).toBe(401);
  });

  it('serves each app\'s OpenAPI 3 document and, to administrators only, its metrics', async () => {
    const docs = await request(gateway).get('/ms/process/api/docs-json').set(ADMIN);
    expect(docs.status).toBe(200);
    expect(docs.body.openapi).toMatch(/^3\./);
    expect(Object.keys(docs.body.paths)).toContain('/api/user/projects');

    const metrics = await request(gateway).get('/ms/ticket/metrics').set(ADMIN);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('http_request_duration_seconds');
    expect(metrics.text).toContain('app="ticket"');

    const user = await request(gateway).post('/ms/openapi/api/op/users/dave/tokens').set(ADMIN).send({ name: 'm' });
    const dave = { Authorization: `Bearer ${user.body.data.token as string}` };
    expect((await request(gateway).get('/ms/ticket/metrics').set(dave)).status).toBe(403);
  });

  it('refuses bad input with a 400 that names the field, and changes nothing', async () => {
    const response = await request(gateway)
      .post('/ms/process/api/user/projects')
      .set(ADMIN)
      .send({ projectName: 'Bad', englishName: 'Bad Name!', colour: 'red' });
    expect(response.status).toBe(400);
    expect(response.body.status).toBe(2100004);
    expect(response.body.message).toContain('englishName');
    // An undeclared field is ignored, as BK-CI ignores it (docs/conventions.md): it is no reason to refuse.
    expect(response.body.message).not.toContain('colour');
    const projects = await request(gateway).get('/ms/process/api/user/projects').set(ADMIN);
    expect(projects.body.data.map((p: { projectName: string }) => p.projectName)).not.toContain('Bad');
    const good = await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Good', englishName: 'good-name', colour: 'red' });
    expect(good.status).toBe(201);
    expect(good.body.data).not.toHaveProperty('colour');
  });

  it('refuses a second project with the same englishName with 409', async () => {
    const body = { projectName: 'Twice', englishName: 'twice' };
    expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send(body)).status).toBe(201);
    const again = await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send(body);
    expect(again.status).toBe(409);
    expect(again.body.status).toBe(2119002);
  });

  it('keeps service APIs internal', async () => {
    const response = await request(gateway)
      .get('/ms/process/api/service/auth/permission/projects/demo-rbac/validate?userId=admin&action=project_view')
      .set(ADMIN);
    expect(response.status).toBe(403);
  });

  describe('an app called directly on its own port', () => {
    it('answers 401 without a service token, whatever headers it carries', async () => {
      const response = await request(urls.process).get('/api/user/projects').set({ 'X-DEVOPS-UID': 'admin' });
      expect(response.status).toBe(401);
      expect(response.body.status).toBe(2100005);
      expect((await request(urls.ticket).get('/api/health')).status).toBe(401);
      expect((await request(urls.process).get('/api/docs-json')).status).toBe(401);
      expect((await request(urls.process).get('/metrics')).status).toBe(401);
    });

    it('answers 401 to a forged token and to an expired one', async () => {
      const forged = new ServiceTokens('another-secret-that-is-long-enough-000000', 60).sign({
        userId: 'admin', issuer: 'openapi', appCode: null, admin: true,
      });
      expect((await request(urls.process).get('/api/user/projects').set('x-devops-jwt-token', forged)).status).toBe(401);
      const secret = env.config('process').serviceToken.secret;
      const expired = new ServiceTokens(secret, 60, () => Date.now() - 120_000).sign({
        userId: 'admin', issuer: 'openapi', appCode: null, admin: true,
      });
      expect((await request(urls.process).get('/api/user/projects').set('x-devops-jwt-token', expired)).status).toBe(401);
      const valid = new ServiceTokens(secret, 60).sign({ userId: 'admin', issuer: 'openapi', appCode: null, admin: true });
      expect((await request(urls.process).get('/api/user/projects').set('x-devops-jwt-token', valid)).status).toBe(200);
    });
  });
});
