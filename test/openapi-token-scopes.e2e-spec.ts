import request from 'supertest';
import { createHash } from 'node:crypto';
import { buildModel, memberToken, sleep, StartedApp, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { environmentApp } from '../apps/environment/src/environment.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { PersonalAccessTokenEntity } from '../apps/openapi/src/tokens/entities/personal-access-token.entity';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const A = 'scopes-a';
const B = 'scopes-b';
const DAY_MS = 24 * 60 * 60 * 1000;
const SCOPE_FORBIDS = 2121902;
const v4 = (projectId: string, call: string) => `/ms/openapi/api/apigw-user/v4/projects/${projectId}/${call}`;

interface IssuedToken {
  id: string;
  token: string;
  createdAt: string;
  expiresAt: string;
  scopes: string[];
}

/** Personal access tokens through the gateway: expiry by default, a maximum, and scopes that limit what a token may do. */
describe('personal access tokens: expiry and scopes', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let openapi: StartedApp;

  /** An administrator issues `userId` a token with `body`'s settings. */
  async function issue(userId: string, body: Record<string, unknown>): Promise<IssuedToken> {
    const issued = await request(gateway).post(`/ms/openapi/api/op/users/${userId}/tokens`).set(ADMIN).send({ name: 'test', ...body });
    expect(issued.status).toBe(201);
    return issued.body.data as IssuedToken;
  }

  const bearer = (issued: IssuedToken) => ({ Authorization: `Bearer ${issued.token}` });

  beforeAll(async () => {
    const environmentPort = await env.reservePort('environment');
    await env.start(processApp);
    await env.start(environmentApp, environmentPort);
    openapi = await env.start(openapiApp);
    gateway = openapi.url;
    for (const englishName of [A, B]) {
      const project = await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: englishName, englishName });
      expect(project.status).toBe(201);
    }
    // dev is a developer of both projects; their unlimited token is the control for every refusal below.
    await memberToken(gateway, A, 'dev', 'developer');
    await memberToken(gateway, B, 'dev', 'developer');
  });

  afterAll(() => env.close());

  describe('expiry', () => {
    it('gives a token the default of 90 days when none is asked for, and the days asked for otherwise', async () => {
      const byDefault = await issue('erin', {});
      expect(Date.parse(byDefault.expiresAt) - Date.parse(byDefault.createdAt)).toBe(90 * DAY_MS);
      const asked = await issue('erin', { expiresInDays: 7 });
      expect(Date.parse(asked.expiresAt) - Date.parse(asked.createdAt)).toBe(7 * DAY_MS);

      // The user's own route applies the same default; "" and null mean not given.
      for (const expiresInDays of [undefined, '', null]) {
        const own = await request(gateway).post('/ms/openapi/api/user/tokens').set(bearer(byDefault)).send({ name: 'mine', expiresInDays });
        expect(own.status).toBe(201);
        expect(Date.parse(own.body.data.expiresAt) - Date.parse(own.body.data.createdAt)).toBe(90 * DAY_MS);
      }
    });

    it('refuses a token meant to last longer than 365 days with 400, naming the maximum, and issues nothing', async () => {
      const holder = await issue('fred', {});

      const tooLong = await request(gateway).post('/ms/openapi/api/user/tokens').set(bearer(holder)).send({ name: 'forever', expiresInDays: 366 });

      expect(tooLong.status).toBe(400);
      expect(tooLong.body).toEqual({ status: 2112102, message: 'expiresInDays may be at most 365 (got 366)', data: null });
      expect((await request(gateway).post('/ms/openapi/api/op/users/fred/tokens').set(ADMIN).send({ name: 'x', expiresInDays: 3650 })).status).toBe(400);
      expect((await request(gateway).post('/ms/openapi/api/user/tokens').set(bearer(holder)).send({ name: 'year', expiresInDays: 365 })).status).toBe(201);
      const names = (await request(gateway).get('/ms/openapi/api/user/tokens').set(bearer(holder))).body.data.map((token: { name: string }) => token.name);
      expect(names.sort()).toEqual(['test', 'year']);
    });

    it('refuses a token once it has expired (401), and records when a token was last used', async () => {
      const issued = await issue('gina', {});
      // Nothing in the API gives a token a life shorter than a day, so the test moves its expiry to two
      // seconds from now in the gateway's database (a whole second: MySQL keeps no fractions).
      const expiry = new Date(Math.ceil((Date.now() + 2000) / 1000) * 1000);
      await openapi.app.get(DataSource).manager.update(PersonalAccessTokenEntity, { id: issued.id }, { expiresAt: expiry });
      const lastUsed = async () => (await request(gateway).get('/ms/openapi/api/op/users/gina/tokens').set(ADMIN)).body.data[0].lastUsedAt as string | null;
      expect(await lastUsed()).toBeNull();
      expect((await request(gateway).get('/ms/process/api/user/projects').set(bearer(issued))).status).toBe(200);
      // MySQL keeps whole seconds.
      expect(Date.parse((await lastUsed())!)).toBeGreaterThanOrEqual(Math.floor(Date.parse(issued.createdAt) / 1000) * 1000);

      // The gateway remembers the token it verified, but not past its expiry.
      await sleep(expiry.getTime() - Date.now() + 50);

      const refused = await request(gateway).get('/ms/process/api/user/projects').set(bearer(issued));
      expect(refused.status).toBe(401);
      expect(refused.body.status).toBe(2100005);
      expect((await request(gateway).get('/ms/openapi/api/user/tokens').set(bearer(issued))).status).toBe(401);
    });

    it('lists tokens without their secret: no field holds the token or its hash', async () => {
      const issued = await issue('hana', { scopes: ['read'] });
      const hash = createHash('sha256').update(issued.token).digest('hex');

      for (const list of [
        await request(gateway).get('/ms/openapi/api/user/tokens').set(bearer(issued)),
        await request(gateway).get('/ms/openapi/api/op/users/hana/tokens').set(ADMIN),
      ]) {
        expect(list.status).toBe(200);
        expect(list.body.data).toHaveLength(1);
        const [row] = list.body.data as Record<string, unknown>[];
        expect(Object.keys(row).sort()).toEqual(['createdAt', 'createdBy', 'expiresAt', 'id', 'lastUsedAt', 'name', 'revokedAt', 'scopes', 'tokenPrefix', 'userId']);
        expect(row.scopes).toEqual(['read']);
        for (const value of Object.values(row)) {
          expect(JSON.stringify(value)).not.toContain(issued.token);
          expect(JSON.stringify(value)).not.toContain(hash);
        }
        expect(issued.token.startsWith(row.tokenPrefix as string)).toBe(true);
      }
    });
  });

  describe('scopes', () => {
    it('stores the scopes a token is created with, in canonical form, and none for an unlimited one', async () => {
      expect((await issue('ivan', { scopes: ['project:scopes-b', 'read', 'project:scopes-a', 'project:scopes-b'] })).scopes).toEqual(['read', 'project:scopes-a', 'project:scopes-b']);
      expect((await issue('ivan', { scopes: ['write'] })).scopes).toEqual([]);
      expect((await issue('ivan', { scopes: [] })).scopes).toEqual([]);
      expect((await issue('ivan', { scopes: null })).scopes).toEqual([]);
    });

    it('refuses an unknown scope with 400 naming it, and a scopes field that is not a list of strings', async () => {
      const unknown = await request(gateway).post('/ms/openapi/api/op/users/ivan/tokens').set(ADMIN).send({ name: 'x', scopes: ['read', 'admin'] });
      expect(unknown.status).toBe(400);
      expect(unknown.body.status).toBe(2121901);
      expect(unknown.body.message).toContain('Unknown scope "admin"');
      const both = await request(gateway).post('/ms/openapi/api/op/users/ivan/tokens').set(ADMIN).send({ name: 'x', scopes: ['read', 'write'] });
      expect([both.status, both.body.status]).toEqual([400, 2121901]);
      const notList = await request(gateway).post('/ms/openapi/api/op/users/ivan/tokens').set(ADMIN).send({ name: 'x', scopes: 'read' });
      expect([notList.status, notList.body.status]).toEqual([400, 2100004]);
      expect(notList.body.message).toContain('scopes');
    });

    it('lets a read token read a project and its pipelines, but not create a pipeline, start a build or create a token', async () => {
      const unlimited = bearer(await issue('dev', {}));
      const model = buildModel('readable', 'echo hi');
      const created = await request(gateway).post(v4(A, 'pipelines/pipeline')).set(unlimited).send(model);
      expect(created.status).toBe(201);
      const pipelineId = created.body.data.id as string;
      const reader = bearer(await issue('dev', { scopes: ['read'] }));

      expect((await request(gateway).get(`/ms/process/api/user/projects/${A}`).set(reader)).status).toBe(200);
      const pipeline = await request(gateway).get(v4(A, 'pipelines/pipeline')).query({ pipelineId }).set(reader);
      expect(pipeline.status).toBe(200);
      expect((await request(gateway).get(v4(A, 'pipelines/pipeline_list')).set(reader)).status).toBe(200);
      expect((await request(gateway).get('/ms/openapi/api/user/tokens').set(reader)).status).toBe(200);

      const write = await request(gateway).post(v4(A, 'pipelines/pipeline')).set(reader).send(buildModel('written', 'echo no'));
      expect(write.status).toBe(403);
      expect(write.body).toEqual({ status: SCOPE_FORBIDS, message: "This token's scope (read) forbids pipeline_create: a read-only token may only read", data: null });
      const start = await request(gateway).post(v4(A, 'build_start')).query({ pipelineId }).set(reader).send({});
      expect([start.status, start.body.status]).toEqual([403, SCOPE_FORBIDS]);
      expect(start.body.message).toContain('pipeline_execute');
      expect((await request(gateway).get(v4(A, 'build_histories')).query({ pipelineId }).set(reader)).body.data.records).toEqual([]);
      const mint = await request(gateway).post('/ms/openapi/api/user/tokens').set(reader).send({ name: 'wider' });
      expect([mint.status, mint.body.status]).toEqual([403, SCOPE_FORBIDS]);
      expect(mint.body.message).toContain('forbids POST here');

      // The same user, with their unlimited token, may do all of it.
      expect((await request(gateway).post(v4(A, 'build_start')).query({ pipelineId }).set(unlimited).send({})).status).toBe(200);
    });

    it('lets a project token work in its project only, and create neither a project nor an unlimited token', async () => {
      const scoped = bearer(await issue('dev', { scopes: [`project:${A}`] }));

      expect((await request(gateway).post(v4(A, 'pipelines/pipeline')).set(scoped).send(buildModel('in-a', 'echo a'))).status).toBe(201);
      const inB = await request(gateway).post(v4(B, 'pipelines/pipeline')).set(scoped).send(buildModel('in-b', 'echo b'));
      expect(inB.status).toBe(403);
      expect(inB.body).toEqual({ status: SCOPE_FORBIDS, message: `This token's scope (project:${A}) forbids project ${B}`, data: null });
      expect((await request(gateway).get(`/ms/process/api/user/projects/${B}`).set(scoped)).body.status).toBe(SCOPE_FORBIDS);
      expect((await request(gateway).get(`/ms/process/api/user/projects/${A}`).set(scoped)).status).toBe(200);
      // dev belongs to both projects; the list shows only the token's.
      const listed = (token: Record<string, string>) => request(gateway).get('/ms/process/api/user/projects').set(token);
      expect(((await listed(scoped)).body.data as { projectId: string }[]).map((p) => p.projectId)).toEqual([A]);
      expect(((await listed(bearer(await issue('dev', {})))).body.data as { projectId: string }[]).map((p) => p.projectId).sort()).toEqual([A, B]);

      const project = await request(gateway).post('/ms/process/api/user/projects').set(scoped).send({ projectName: 'New', englishName: 'scopes-new' });
      expect([project.status, project.body.status]).toEqual([403, SCOPE_FORBIDS]);
      const mint = await request(gateway).post('/ms/openapi/api/user/tokens').set(scoped).send({ name: 'wider' });
      expect([mint.status, mint.body.status]).toEqual([403, SCOPE_FORBIDS]);
      const own = await request(gateway).get('/ms/openapi/api/user/tokens').set(scoped);
      expect(own.body.data.map((token: { name: string }) => token.name)).not.toContain('wider');
    });

    it('leaves the admin token unrestricted', async () => {
      expect((await request(gateway).post(v4(B, 'pipelines/pipeline')).set(ADMIN).send(buildModel('by-admin', 'echo admin'))).status).toBe(201);
    });
  });
});
