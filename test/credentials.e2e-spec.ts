import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { TEST_ADMIN_TOKEN, TEST_PROFILE, TestEnvironment, memberToken } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { CredentialEntity } from '../apps/ticket/src/credentials/entities/credential.entity';
import { CredentialAuditEntity } from '../apps/ticket/src/credentials/entities/credential-audit.entity';
import { ticketApp } from '../apps/ticket/src/ticket.app';
import { logApp } from '../apps/log/src/log.app';
import { ServiceClient } from '@bkci/clients';
import { ServiceTokens } from '@bkci/auth';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const credentialsOf = (projectId: string) => `/ms/ticket/api/user/credentials/${projectId}`;
const SSH_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----\n${randomBytes(48).toString('base64')}\n-----END OPENSSH PRIVATE KEY-----`;
const secret = (label: string) => `${label}-${randomBytes(9).toString('base64url')}`;

/** One valid credential of each BK-CI type, every value unique so the raw database can be searched for it. */
const ALL_TYPES: Array<{ credentialType: string; v1: string; v2?: string; v3?: string; v4?: string }> = [
  { credentialType: 'PASSWORD', v1: secret('pw') },
  { credentialType: 'ACCESSTOKEN', v1: secret('at') },
  { credentialType: 'OAUTHTOKEN', v1: secret('oauth') },
  { credentialType: 'USERNAME_PASSWORD', v1: secret('user'), v2: secret('pass') },
  { credentialType: 'SECRETKEY', v1: secret('sk') },
  { credentialType: 'APPID_SECRETKEY', v1: secret('app'), v2: secret('sk') },
  { credentialType: 'SSH_PRIVATEKEY', v1: SSH_KEY, v2: secret('phrase') },
  { credentialType: 'TOKEN_SSH_PRIVATEKEY', v1: secret('tok'), v2: SSH_KEY },
  { credentialType: 'TOKEN_USERNAME_PASSWORD', v1: secret('tok'), v2: secret('user'), v3: secret('pass') },
  { credentialType: 'COS_APPID_SECRETID_SECRETKEY_REGION', v1: secret('cos'), v2: secret('sid'), v3: secret('skey'), v4: 'ap-guangzhou' },
  { credentialType: 'MULTI_LINE_PASSWORD', v1: `${secret('line1')}\n${secret('line2')}` },
];

describe('credentials through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let ticketData: DataSource;
  let services: ServiceClient;
  let owner: Record<string, string>;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;
  let outsider: Record<string, string>;

  const create = (who: Record<string, string>, projectId: string, body: Record<string, unknown>) => request(gateway).post(credentialsOf(projectId)).set(who).send(body);
  const show = (who: Record<string, string>, projectId: string, credentialId: string) => request(gateway).get(`${credentialsOf(projectId)}/${credentialId}/show`).set(who);
  const asBuild = (token: string, path: string) => request(gateway).get(`/ms/ticket/api/build/credentials/${path}`).set('X-DEVOPS-BUILD-TOKEN', token);
  const audits = (projectId: string, credentialId: string) => ticketData.getRepository(CredentialAuditEntity).countBy({ projectId, credentialId });

  async function mintBuildToken(projectId: string, buildId: string): Promise<string> {
    const minted = await services.request<{ token: string }>('ticket', 'POST', '/api/service/credentials/builds/tokens', { onBehalfOf: 'ci', body: { projectId, buildId, userId: 'starter' } });
    return minted.token;
  }

  beforeAll(async () => {
    const process = await env.start(processApp);
    const ticket = await env.start(ticketApp);
    ticketData = ticket.app.get(DataSource);
    // A client with the URLs of apps started after process (as process itself would have them in production).
    services = new ServiceClient(env.config('process'), process.app.get(ServiceTokens));
    gateway = (await env.start(openapiApp)).url;
    for (const projectId of ['cred-a', 'cred-b']) {
      expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: projectId, englishName: projectId })).status).toBe(201);
    }
    const makers = await request(gateway).post('/ms/process/api/user/projects/cred-a/groups').set(ADMIN).send({ groupCode: 'makers', groupName: 'makers', actions: ['credential_create'] });
    expect(makers.status).toBe(201);
    owner = await memberToken(gateway, 'cred-a', 'olga', 'makers');
    developer = await memberToken(gateway, 'cred-a', 'dev', 'developer');
    viewer = await memberToken(gateway, 'cred-a', 'vera', 'viewer');
    outsider = await memberToken(gateway, 'cred-b', 'bob', 'developer');
  });

  afterAll(() => env.close());

  it('round-trips every credential type: masked when read, plaintext on show', async () => {
    for (const [index, values] of ALL_TYPES.entries()) {
      const credentialId = `type_${index}`;
      const created = await create(developer, 'cred-a', { credentialId, ...values });
      expect(created.status).toBe(201);
      const masked = await request(gateway).get(`${credentialsOf('cred-a')}/${credentialId}`).set(developer);
      expect(masked.body.data).toMatchObject({ credentialId, credentialType: values.credentialType, v1: '******', permissions: { view: true, edit: true, delete: true, use: true } });
      expect(JSON.stringify(masked.body)).not.toContain(values.v1);

      const plain = await show(developer, 'cred-a', credentialId);
      expect(plain.status).toBe(200);
      expect(plain.body.data).toMatchObject({ v1: values.v1, v2: values.v2 ?? null, v3: values.v3 ?? null, v4: values.v4 ?? null });
    }
    const typed = await show(developer, 'cred-a', 'type_3');
    expect(typed.body.data.values).toEqual({ username: ALL_TYPES[3].v1, password: ALL_TYPES[3].v2 });
  });

  it('never stores a plaintext value in the database', async () => {
    const rows = await ticketData.query('SELECT * FROM credentials');
    expect(rows.length).toBeGreaterThanOrEqual(ALL_TYPES.length);
    const dump = JSON.stringify([rows, await ticketData.query('SELECT * FROM credential_audits')]);
    const raw = TEST_PROFILE === 'embedded' ? [`${env.dataDir}/ticket.sqlite`, `${env.dataDir}/ticket.sqlite-wal`].filter(existsSync).map((file) => readFileSync(file)) : [];
    if (TEST_PROFILE === 'embedded') expect(raw.length).toBeGreaterThan(0);
    for (const values of ALL_TYPES) {
      for (const value of [values.v1, values.v2, values.v3].filter((v): v is string => v !== undefined && v.length > 12)) {
        expect(dump).not.toContain(value);
        for (const bytes of raw) expect(bytes.includes(Buffer.from(value))).toBe(false);
      }
    }
  });

  it('refuses bad input per type with 400 naming the field, storing nothing', async () => {
    const cases: Array<[Record<string, unknown>, string | RegExp]> = [
      [{ credentialId: 'bad_1', credentialType: 'USERNAME_PASSWORD', v1: 'only-user' }, 'v2'],
      [{ credentialId: 'bad_2', credentialType: 'APPID_SECRETKEY', v1: 'app' }, 'v2'],
      [{ credentialId: 'bad_3', credentialType: 'SSH_PRIVATEKEY', v1: 'not a key' }, 'v1'],
      [{ credentialId: 'bad_4', credentialType: 'TOKEN_SSH_PRIVATEKEY', v1: 'tok', v2: 'not a key' }, 'v2'],
      [{ credentialId: 'bad_5', credentialType: 'PASSWORD', v1: 'x'.repeat(16_385) }, 'v1'],
      [{ credentialId: 'bad_6', credentialType: 'PASSWORD', v1: 'two\nlines' }, 'v1'],
      [{ credentialId: 'bad_7', credentialType: 'PASSWORD', v1: 'pw', v2: 'extra' }, 'v2'],
      [{ credentialId: 'bad_8', credentialType: 'COS_APPID_SECRETID_SECRETKEY_REGION', v1: 'a', v2: 'b', v3: 'c' }, 'v4'],
      [{ credentialId: 'bad_9', credentialType: 'PASSWORD' }, 'v1'],
    ];
    for (const [body, field] of cases) {
      const refused = await create(developer, 'cred-a', body);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ status: 2118101, data: { field } });
      expect(refused.body.message).toContain(field);
    }
    const badType = await create(developer, 'cred-a', { credentialId: 'bad_t', credentialType: 'TELEPATHY', v1: 'x' });
    expect(badType.status).toBe(400);
    expect(badType.body.message).toContain('credentialType');
    const tooLong = await create(developer, 'cred-a', { credentialId: 'x'.repeat(41), credentialType: 'PASSWORD', v1: 'x' });
    expect(tooLong.body).toMatchObject({ status: 2118007 });
    const illegal = await create(developer, 'cred-a', { credentialId: 'has-dash', credentialType: 'PASSWORD', v1: 'x' });
    expect(illegal.body).toMatchObject({ status: 2118003 });
    const duplicate = await create(developer, 'cred-a', { credentialId: 'type_0', credentialType: 'PASSWORD', v1: 'x' });
    expect(duplicate.status).toBe(409);
    expect(await ticketData.getRepository(CredentialEntity).countBy({ credentialId: 'type_0' })).toBe(1);
    expect(await ticketData.getRepository(CredentialEntity).createQueryBuilder('c').where("c.credential_id LIKE 'bad%'").getCount()).toBe(0);
  });

  it('keeps a value sent back as the mask, and replaces one sent anew', async () => {
    // As the console sends it back: unchanged slots masked, unused ones null or masked.
    const update = await request(gateway).put(`${credentialsOf('cred-a')}/type_3`).set(developer).send({ credentialType: 'USERNAME_PASSWORD', v1: 'new-user', v2: '******', v3: null, v4: '******' });
    expect(update.status).toBe(200);
    expect((await show(developer, 'cred-a', 'type_3')).body.data).toMatchObject({ v1: 'new-user', v2: ALL_TYPES[3].v2 });
  });

  it('gives exactly the expected allow or deny to each reader, and audits each plaintext read once', async () => {
    expect((await create(owner, 'cred-a', { credentialId: 'olga_pw', credentialType: 'PASSWORD', v1: 'olga-secret-value' })).status).toBe(201);
    const liveBuild = await mintBuildToken('cred-a', 'build-1');
    const endedBuild = await mintBuildToken('cred-a', 'build-2');
    await services.request('ticket', 'DELETE', '/api/service/credentials/builds/tokens/cred-a/build-2', { onBehalfOf: 'ci' });
    const otherProjectBuild = await mintBuildToken('cred-b', 'build-3');

    const outcomes = {
      owner: (await show(owner, 'cred-a', 'olga_pw')).status,
      developer: (await show(developer, 'cred-a', 'olga_pw')).status,
      memberWithoutUse: (await show(viewer, 'cred-a', 'olga_pw')).status,
      anotherProject: (await show(outsider, 'cred-a', 'olga_pw')).status,
      liveBuild: (await asBuild(liveBuild, 'olga_pw/detail')).status,
      endedBuild: (await asBuild(endedBuild, 'olga_pw/detail')).status,
      otherProjectBuild: (await asBuild(otherProjectBuild, 'olga_pw/detail')).status,
      otherProjectBuildAcross: (await asBuild(otherProjectBuild, 'olga_pw/across?targetProjectId=cred-a')).status,
      noBuildToken: (await request(gateway).get('/ms/ticket/api/build/credentials/olga_pw/detail')).status,
    };
    expect(outcomes).toEqual({
      owner: 200,
      developer: 200,
      memberWithoutUse: 403,
      anotherProject: 403,
      liveBuild: 200,
      endedBuild: 401,
      otherProjectBuild: 404,
      otherProjectBuildAcross: 403,
      noBuildToken: 401,
    });
    expect((await asBuild(liveBuild, 'olga_pw/detail')).body.data).toEqual({ password: 'olga-secret-value' });
    expect(await audits('cred-a', 'olga_pw')).toBe(4);

    const viewerMasked = await request(gateway).get(`${credentialsOf('cred-a')}/olga_pw`).set(viewer);
    expect(viewerMasked.body.data).toMatchObject({ v1: '******', permissions: { view: true, edit: false, delete: false, use: false } });

    expect((await request(gateway).put(`${credentialsOf('cred-a')}/olga_pw/setting`).set(owner).send({ allowAcrossProject: true })).status).toBe(200);
    const across = await asBuild(otherProjectBuild, 'olga_pw/across?targetProjectId=cred-a');
    expect(across.status).toBe(200);
    const rows = await ticketData.getRepository(CredentialAuditEntity).find({ where: { credentialId: 'olga_pw' }, order: { id: 'ASC' } });
    expect(rows.map((row) => [row.readerType, row.userId, row.buildId, row.buildProjectId])).toEqual([
      ['USER', 'olga', null, null],
      ['USER', 'dev', null, null],
      ['BUILD', 'starter', 'build-1', 'cred-a'],
      ['BUILD', 'starter', 'build-1', 'cred-a'],
      ['BUILD', 'starter', 'build-3', 'cred-b'],
    ]);
    const listed = await request(gateway).get(`${credentialsOf('cred-a')}/olga_pw/audits`).set(owner);
    expect(listed.body.data.count).toBe(5);
    expect((await request(gateway).get(`${credentialsOf('cred-a')}/olga_pw/audits`).set(viewer)).status).toBe(403);
  });

  it('lists only what a user may list; the creator manages their own credential only', async () => {
    const ownList = await request(gateway).get(credentialsOf('cred-a')).set(owner);
    expect(ownList.body.data.records.map((row: { credentialId: string }) => row.credentialId)).toEqual(['olga_pw']);
    expect((await show(owner, 'cred-a', 'type_0')).status).toBe(403);
    const filtered = await request(gateway).get(credentialsOf('cred-a')).query({ credentialTypes: 'PASSWORD,MULTI_LINE_PASSWORD' }).set(developer);
    expect(filtered.body.data.records.map((row: { credentialType: string }) => row.credentialType).sort()).toEqual(['MULTI_LINE_PASSWORD', 'PASSWORD', 'PASSWORD']);
    expect((await request(gateway).get(credentialsOf('cred-a')).set(outsider)).status).toBe(403);
  });

  it('gives the log app the values a build read, with their encoded forms, and nobody else', async () => {
    const logClient = (await env.start(logApp)).app.get(ServiceClient);
    const values = await logClient.request<string[]>('ticket', 'GET', '/api/service/credentials/builds/build-1/sensitive-values', { onBehalfOf: 'log' });
    expect(values).toEqual(expect.arrayContaining(['olga-secret-value', Buffer.from('olga-secret-value').toString('base64')]));
    expect(values).not.toContain(ALL_TYPES[0].v1);

    const multiLine = ALL_TYPES[10].v1;
    expect((await asBuild(await mintBuildToken('cred-a', 'build-4'), 'type_10/detail')).status).toBe(200);
    const encoded = await logClient.request<string[]>('ticket', 'GET', '/api/service/credentials/builds/build-4/sensitive-values', { onBehalfOf: 'log' });
    expect(encoded).toEqual(expect.arrayContaining([multiLine, encodeURIComponent(multiLine), Buffer.from(multiLine).toString('base64')]));

    await expect(services.request('ticket', 'GET', '/api/service/credentials/builds/build-1/sensitive-values', { onBehalfOf: 'log' })).rejects.toMatchObject({ code: 2100006 });
    expect((await request(env.env.BKCI_TICKET_URL).get('/api/service/credentials/builds/build-1/sensitive-values')).status).toBe(401);
    expect((await request(gateway).get('/ms/ticket/api/service/credentials/builds/build-1/sensitive-values').set(ADMIN)).status).toBe(403);
  });

  it('serves other apps on BK-CI service paths: create for a user, masked list and basic, plaintext audited as the app', async () => {
    const path = '/api/service/credentials/cred-a';
    const created = await services.request<{ credentialId: string }>('ticket', 'POST', path, { onBehalfOf: 'dev', body: { credentialId: 'repo_token', credentialType: 'ACCESSTOKEN', v1: 'repo-token-value' } });
    expect(created.credentialId).toBe('repo_token');
    await expect(services.request('ticket', 'POST', path, { onBehalfOf: 'vera', body: { credentialId: 'by_viewer', credentialType: 'ACCESSTOKEN', v1: 'x' } })).rejects.toMatchObject({ code: 2100006 });

    const basic = await services.request<{ v1: string }>('ticket', 'GET', `${path}/repo_token/basic`, { onBehalfOf: 'dev' });
    expect(basic.v1).toBe('******');
    const listed = await services.request<{ count: number }>('ticket', 'GET', path, { onBehalfOf: 'dev', query: { pageSize: '100' } });
    expect(listed.count).toBe(await ticketData.getRepository(CredentialEntity).countBy({ projectId: 'cred-a' }));

    const plain = await services.request<{ v1: string }>('ticket', 'GET', `${path}/repo_token`, { onBehalfOf: 'dev' });
    expect(plain.v1).toBe('repo-token-value');
    expect(await ticketData.getRepository(CredentialAuditEntity).findBy({ credentialId: 'repo_token' })).toMatchObject([{ readerType: 'SERVICE', userId: 'dev', serviceName: 'process' }]);
    expect((await request(gateway).get(`/ms/ticket${path}/repo_token`).set(ADMIN)).status).toBe(403);
  });

  it('serves BK-CI OpenAPI v4 credential calls through the gateway', async () => {
    const v4 = '/ms/openapi/api/apigw-user/v4/projects/cred-a/credentials';
    const created = await request(gateway).post(`${v4}/credential`).set(developer).send({ credentialId: 'v4_token', credentialType: 'ACCESSTOKEN', v1: 'v4-token-value' });
    expect(created.status).toBe(201);
    expect((await request(gateway).get(`${v4}/credential`).query({ credentialId: 'v4_token' }).set(developer)).body.data).toMatchObject({ credentialId: 'v4_token', v1: '******' });
    const listed = await request(gateway).get(`${v4}/credential_list`).query({ pageSize: 100 }).set(developer);
    expect(listed.body.data.records.map((row: { credentialId: string }) => row.credentialId)).toContain('v4_token');
    expect((await request(gateway).delete(`${v4}/credential`).query({ credentialId: 'v4_token' }).set(viewer)).status).toBe(403);
    expect((await request(gateway).delete(`${v4}/credential`).query({ credentialId: 'v4_token' }).set(developer)).status).toBe(200);
    expect((await request(gateway).get(`${v4}/credential`).query({ credentialId: 'v4_token' }).set(developer)).status).toBe(404);
  });

  it('answers a swapped or altered ciphertext with a decryption error, never with wrong plaintext', async () => {
    const repository = ticketData.getRepository(CredentialEntity);
    const a = await repository.findOneByOrFail({ projectId: 'cred-a', credentialId: 'type_0' });
    const b = await repository.findOneByOrFail({ projectId: 'cred-a', credentialId: 'type_2' });
    await repository.update({ projectId: 'cred-a', credentialId: 'type_0' }, { ciphertext: b.ciphertext, wrappedKey: b.wrappedKey });
    await repository.update({ projectId: 'cred-a', credentialId: 'type_2' }, { ciphertext: a.ciphertext, wrappedKey: a.wrappedKey });
    for (const credentialId of ['type_0', 'type_2']) {
      const swapped = await show(developer, 'cred-a', credentialId);
      expect(swapped.status).toBe(500);
      expect(swapped.body).toMatchObject({ status: 2118102, data: { credentialId } });
      expect(JSON.stringify(swapped.body)).not.toContain(ALL_TYPES[0].v1);
      expect(JSON.stringify(swapped.body)).not.toContain(ALL_TYPES[2].v1);
    }
    const c = await repository.findOneByOrFail({ projectId: 'cred-a', credentialId: 'type_4' });
    const bytes = Buffer.from(c.ciphertext, 'base64');
    bytes[bytes.length - 1] ^= 0x80;
    await repository.update({ projectId: 'cred-a', credentialId: 'type_4' }, { ciphertext: bytes.toString('base64') });
    expect((await show(developer, 'cred-a', 'type_4')).body).toMatchObject({ status: 2118102 });
    expect(await audits('cred-a', 'type_4')).toBe(1);
  });
});
