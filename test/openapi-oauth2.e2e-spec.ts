import request from 'supertest';
import { createHash } from 'node:crypto';
import { buildModel, memberToken, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { Oauth2CodeEntity } from '../apps/openapi/src/oauth2/entities/oauth2-code.entity';
import { Oauth2TokenEntity } from '../apps/openapi/src/oauth2/entities/oauth2-token.entity';
import { environmentApp } from '../apps/environment/src/environment.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { ADMIN } from './builds.fixtures';

const PROJECT = 'oauth-bound';
const OTHER = 'oauth-other';
const CALLBACK = 'https://portal.example.com/oauth2/callback';
const TOKEN_ENDPOINT = '/ms/openapi/api/apigw-app/v4/auth/oauth2/endpoint/getAccessToken';
const DESKTOP = '/ms/openapi/api/desktop/oauth2/endpoint';
// RFC 7636 Appendix B.
const VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const S256_CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const INVALID_CLIENT = 2112701;
const INVALID_GRANT = 2112704;
const PKCE_FAILED = 2112706;
const SCOPE_FORBIDS = 2121902;

const appV4 = (projectId: string, call: string) => `/ms/openapi/api/apigw-app/v4/projects/${projectId}/${call}`;
const userV4 = (projectId: string, call: string) => `/ms/openapi/api/apigw-user/v4/projects/${projectId}/${call}`;
const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

interface Issued {
  accessToken: string;
  expiredTime: number;
  refreshToken?: string;
}

/** OAuth2 with the third-party apps as clients, through the gateway: each grant, token use, and the refusals. */
describe('OAuth2', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let dataSource: DataSource;
  let dora: Record<string, string>;
  let pipelineId: string;
  let otherPipelineId: string;
  const secrets: Record<string, string> = {};

  async function registerApp(appCode: string, settings: Record<string, unknown> | null, projects: string[]): Promise<void> {
    const created = await request(gateway).post('/ms/openapi/api/op/apps').set(ADMIN).send({ appCode, name: `App ${appCode}` });
    expect(created.status).toBe(201);
    secrets[appCode] = created.body.data.secret as string;
    if (settings) expect((await request(gateway).put(`/ms/openapi/api/op/apps/${appCode}/oauth2`).set(ADMIN).send(settings)).status).toBe(200);
    for (const projectId of projects) expect((await request(gateway).post(`/ms/openapi/api/op/appCodeProject/${appCode}/${projectId}`).set(ADMIN)).status).toBe(200);
  }

  const client = (appCode: string, secret = secrets[appCode]) => ({ 'X-DEVOPS-OAUTH2-CLIENT-ID': appCode, 'X-DEVOPS-OAUTH2-CLIENT-SECRET': secret });
  const askToken = (appCode: string, body: Record<string, unknown>, path = TOKEN_ENDPOINT) => request(gateway).post(path).set(client(appCode)).send(body);

  async function token(appCode: string, body: Record<string, unknown>): Promise<Issued> {
    const answer = await askToken(appCode, body);
    expect(answer.body).toMatchObject({ status: 0 });
    expect(answer.status).toBe(200);
    return answer.body.data as Issued;
  }

  /** dora approves `appCode`; the code, read from the redirect URI the answer holds. */
  async function approve(appCode: string, body: Record<string, unknown> = {}, user = dora): Promise<string> {
    const answer = await request(gateway).post(`${DESKTOP}/getAuthorizationCode`).query({ clientId: appCode, redirectUri: CALLBACK }).set(user).send(body);
    expect(answer.body).toMatchObject({ status: 0 });
    const redirect = new URL(answer.body.data as string);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(CALLBACK);
    return redirect.searchParams.get('code')!;
  }

  const startAsApp = (projectId: string, pipeline: string, accessToken: string) =>
    request(gateway).post(appV4(projectId, 'build_start')).query({ pipelineId: pipeline }).set({ ...bearer(accessToken), 'X-DEVOPS-UID': 'dora' }).send({});
  const listPipelines = (accessToken: string) => request(gateway).get(userV4(PROJECT, 'pipelines/pipeline_list')).set(bearer(accessToken));

  beforeAll(async () => {
    const environmentPort = await env.reservePort('environment');
    await env.start(processApp);
    await env.start(environmentApp, environmentPort);
    const openapi = await env.start(openapiApp);
    gateway = openapi.url;
    dataSource = openapi.app.get(DataSource);
    for (const englishName of [PROJECT, OTHER]) {
      expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: englishName, englishName })).status).toBe(201);
    }
    dora = await memberToken(gateway, PROJECT, 'dora', 'developer');
    const inOther = await memberToken(gateway, OTHER, 'dora', 'developer');
    const created = await request(gateway).post(userV4(PROJECT, 'pipelines/pipeline')).set(dora).send(buildModel('oauth-started'));
    expect(created.status).toBe(201);
    pipelineId = created.body.data.id as string;
    const other = await request(gateway).post(userV4(OTHER, 'pipelines/pipeline')).set(inOther).send(buildModel('oauth-other'));
    otherPipelineId = other.body.data.id as string;
    const everyGrant = ['AUTHORIZATION_CODE', 'refresh_token', 'client_credentials'];
    await registerApp('portal', { redirectUris: [CALLBACK], grantTypes: everyGrant }, [PROJECT]);
    await registerApp('reader', { redirectUris: [CALLBACK], grantTypes: everyGrant, scopes: ['read'] }, [PROJECT]);
    await registerApp('plain-bot', null, [PROJECT]);
  });

  afterAll(() => env.close());

  describe('client settings', () => {
    it('are set by administrators; an app without them may use client_credentials only', async () => {
      expect((await request(gateway).get('/ms/openapi/api/op/apps/plain-bot/oauth2').set(ADMIN)).body.data).toBeNull();
      const portal = await request(gateway).get('/ms/openapi/api/op/apps/portal/oauth2').set(ADMIN);
      expect(portal.body.data).toMatchObject({ appCode: 'portal', redirectUris: [CALLBACK], grantTypes: ['authorization_code', 'refresh_token', 'client_credentials'], scopes: [] });
      expect((await request(gateway).put('/ms/openapi/api/op/apps/portal/oauth2').set(dora).send({ redirectUris: [], grantTypes: [] })).status).toBe(403);

      const code = await askToken('plain-bot', { grantType: 'authorization_code', code: 'x' });
      expect([code.status, code.body.status]).toEqual([400, 2112703]);
      expect(code.body.message).toContain('may not use the authorization_code grant');
      const approval = await request(gateway).get(`${DESKTOP}/getAuthorizationInformation`).query({ clientId: 'plain-bot', redirectUri: CALLBACK }).set(dora);
      expect([approval.status, approval.body.status]).toEqual([400, 2112703]);
    });

    it('refuses an unknown grant, refresh_token without authorization_code, a redirect URI with a fragment', async () => {
      const put = (body: Record<string, unknown>) => request(gateway).put('/ms/openapi/api/op/apps/plain-bot/oauth2').set(ADMIN).send(body);
      for (const [body, says] of [
        [{ redirectUris: [CALLBACK], grantTypes: ['password'] }, 'Unknown grant type "password"'],
        [{ redirectUris: [], grantTypes: ['refresh_token'] }, 'refresh_token needs authorization_code'],
        [{ redirectUris: [], grantTypes: ['authorization_code'] }, 'needs at least one redirect URI'],
        [{ redirectUris: [`${CALLBACK}#x`], grantTypes: ['authorization_code'] }, 'not an absolute URI without a fragment'],
      ] as const) {
        const refused = await put(body);
        expect([refused.status, refused.body.status]).toEqual([400, 2112710]);
        expect(refused.body.message).toContain(says);
      }
      expect((await request(gateway).get('/ms/openapi/api/op/apps/plain-bot/oauth2').set(ADMIN)).body.data).toBeNull();
    });

    it('go with their app: an app registered again under the same code starts without them', async () => {
      await registerApp('short-lived', { redirectUris: [CALLBACK], grantTypes: ['authorization_code'] }, []);
      expect((await request(gateway).get('/ms/openapi/api/op/apps/short-lived/oauth2').set(ADMIN)).body.data).toMatchObject({ grantTypes: ['authorization_code'] });

      expect((await request(gateway).delete('/ms/openapi/api/op/apps/short-lived').set(ADMIN)).status).toBe(200);
      await registerApp('short-lived', null, []);
      expect((await request(gateway).get('/ms/openapi/api/op/apps/short-lived/oauth2').set(ADMIN)).body.data).toBeNull();
    });
  });

  describe('client_credentials', () => {
    it("issues a short-lived token without a refresh token, at every URL form of BK-CI's endpoint, with no bearer token", async () => {
      const before = Math.floor(Date.now() / 1000);
      for (const path of [
        TOKEN_ENDPOINT,
        '/ms/openapi/api/apigw-user/v4/auth/oauth2/endpoint/getAccessToken',
        '/ms/openapi/api/apigw/v4/auth/oauth2/endpoint/getAccessToken',
        '/v4/apigw-app/auth/oauth2/endpoint/getAccessToken',
        '/prod/v4/apigw-app/auth/oauth2/endpoint/getAccessToken',
      ]) {
        const answer = await askToken('plain-bot', { grantType: 'CLIENT_CREDENTIALS', unknownField: 1 }, path);
        expect([path, answer.status]).toEqual([path, 200]);
        const issued = answer.body.data as Issued;
        expect(Object.keys(issued).sort()).toEqual(['accessToken', 'expiredTime']);
        expect(issued.accessToken).toMatch(/^bkci_oat_/);
        expect(issued.expiredTime).toBeGreaterThanOrEqual(before + 7200);
        expect(issued.expiredTime).toBeLessThan(before + 7200 + 600);
      }
    });

    it('refuses a wrong secret, a missing one, and a grant it does not know, with the client checked first', async () => {
      const wrong = await request(gateway).post(TOKEN_ENDPOINT).set(client('plain-bot', secrets.portal)).send({ grantType: 'client_credentials' });
      expect([wrong.status, wrong.body.status]).toEqual([401, INVALID_CLIENT]);
      const missing = await request(gateway).post(TOKEN_ENDPOINT).set({ 'X-DEVOPS-OAUTH2-CLIENT-ID': 'plain-bot' }).send({ grantType: 'client_credentials' });
      expect([missing.status, missing.body.status]).toEqual([401, INVALID_CLIENT]);
      expect(missing.body.message).toContain('X-DEVOPS-OAUTH2-CLIENT-SECRET');
      const password = await askToken('plain-bot', { grantType: 'PASS_WORD' });
      expect([password.status, password.body.status]).toEqual([400, 2112702]);
      const noGrant = await askToken('plain-bot', {});
      expect([noGrant.status, noGrant.body.status]).toEqual([400, 2100004]);
    });

    it('acts as the app in app mode, for the named user, in bound projects only; not in user mode', async () => {
      const { accessToken } = await token('plain-bot', { grantType: 'client_credentials' });

      expect((await startAsApp(PROJECT, pipelineId, accessToken)).status).toBe(200);
      const unbound = await startAsApp(OTHER, otherPipelineId, accessToken);
      expect([unbound.status, unbound.body.status]).toEqual([403, 2112405]);
      const noUser = await request(gateway).post(appV4(PROJECT, 'build_start')).query({ pipelineId }).set(bearer(accessToken)).send({});
      expect([noUser.status, noUser.body.status]).toEqual([400, 2112407]);
      const stranger = await request(gateway).post(appV4(PROJECT, 'build_start')).query({ pipelineId }).set({ ...bearer(accessToken), 'X-DEVOPS-UID': 'nobody' }).send({});
      expect(stranger.status).toBe(403);
      expect((await listPipelines(accessToken)).status).toBe(401);
      const forged = await startAsApp(PROJECT, pipelineId, `${accessToken}x`);
      expect([forged.status, forged.body.status]).toEqual([401, 2112708]);
    });

    it("carries the app's allowed scope: a read-only client's token cannot start a build", async () => {
      const { accessToken } = await token('reader', { grantType: 'client_credentials' });

      const start = await startAsApp(PROJECT, pipelineId, accessToken);
      expect([start.status, start.body.status]).toEqual([403, SCOPE_FORBIDS]);
      const status = await request(gateway).get(appV4(PROJECT, 'pipelines/pipeline_list')).set({ ...bearer(accessToken), 'X-DEVOPS-UID': 'dora' });
      expect(status.status).toBe(200);
    });
  });

  describe('authorization_code', () => {
    it('shows the user what the client asks for, then issues tokens for the code that act as the user', async () => {
      const info = await request(gateway).get(`${DESKTOP}/getAuthorizationInformation`).query({ clientId: 'reader', redirectUri: CALLBACK }).set(dora);
      expect(info.body.data).toEqual({ userName: 'dora', clientName: 'App reader', icon: '', scope: { read: expect.stringContaining('Read only') } });

      const answer = await request(gateway)
        .post(`${DESKTOP}/getAuthorizationCode`)
        .query({ clientId: 'portal', redirectUri: CALLBACK })
        .set(dora)
        .send({ scope: [`project:${PROJECT}`], state: 'xyz 1', codeChallenge: S256_CHALLENGE, codeChallengeMethod: 'S256' });
      const redirect = new URL(answer.body.data as string);
      expect(redirect.searchParams.get('state')).toBe('xyz 1');
      const issued = await token('portal', { grantType: 'AUTHORIZATION_CODE', code: redirect.searchParams.get('code'), codeVerifier: VERIFIER, redirectUri: CALLBACK });
      expect(issued.accessToken).toMatch(/^bkci_oat_/);
      expect(issued.refreshToken).toMatch(/^bkci_ort_/);

      // As dora, in her project, and only there (the scope granted).
      expect((await listPipelines(issued.accessToken)).status).toBe(200);
      const started = await request(gateway).post(userV4(PROJECT, 'build_start')).query({ pipelineId }).set(bearer(issued.accessToken)).send({});
      expect(started.status).toBe(200);
      const status = await request(gateway).get(userV4(PROJECT, 'build_status')).query({ pipelineId, buildId: started.body.data.id }).set(dora);
      expect(status.body.data.userId).toBe('dora');
      const elsewhere = await request(gateway).get(`/ms/process/api/user/projects/${OTHER}`).set(bearer(issued.accessToken));
      expect([elsewhere.status, elsewhere.body.status]).toEqual([403, SCOPE_FORBIDS]);
      // The console's user routes take it too, but it cannot approve another client.
      expect((await request(gateway).get('/ms/openapi/api/user/tokens').set(bearer(issued.accessToken))).status).toBe(200);
      const chained = await request(gateway).get(`${DESKTOP}/getAuthorizationInformation`).query({ clientId: 'portal', redirectUri: CALLBACK }).set(bearer(issued.accessToken));
      expect([chained.status, chained.body.status]).toEqual([403, 2112709]);
      // Not in app mode: it acts for its user.
      const asApp = await startAsApp(PROJECT, pipelineId, issued.accessToken);
      expect([asApp.status, asApp.body.status]).toEqual([401, 2112708]);
    });

    it('refuses an access token once expired', async () => {
      const issued = await token('portal', { grantType: 'authorization_code', code: await approve('portal') });
      expect((await listPipelines(issued.accessToken)).status).toBe(200);

      await dataSource.manager.update(Oauth2TokenEntity, { tokenHash: sha256(issued.accessToken) }, { expiresAt: new Date(Date.now() - 1000) });

      expect((await listPipelines(issued.accessToken)).status).toBe(401);
    });

    it('takes a code once: a second use fails and revokes the tokens the first use issued', async () => {
      const code = await approve('portal');
      const first = await token('portal', { grantType: 'authorization_code', code });
      expect((await listPipelines(first.accessToken)).status).toBe(200);

      const again = await askToken('portal', { grantType: 'authorization_code', code });
      expect([again.status, again.body.status]).toEqual([400, INVALID_GRANT]);
      expect(again.body.message).toContain('used already');

      expect((await listPipelines(first.accessToken)).status).toBe(401);
      const refresh = await askToken('portal', { grantType: 'refresh_token', refreshToken: first.refreshToken });
      expect([refresh.status, refresh.body.status]).toEqual([400, INVALID_GRANT]);
    });

    it('refuses an expired code, a code of another client and one that was never issued', async () => {
      const code = await approve('portal');
      await dataSource.manager.update(Oauth2CodeEntity, { codeHash: sha256(code) }, { expiresAt: new Date(Date.now() - 1000) });

      const expired = await askToken('portal', { grantType: 'authorization_code', code });
      expect([expired.status, expired.body.status]).toEqual([400, INVALID_GRANT]);
      expect(expired.body.message).toContain('expired');
      const stolen = await askToken('reader', { grantType: 'authorization_code', code: await approve('portal') });
      expect([stolen.status, stolen.body.status]).toEqual([400, INVALID_GRANT]);
      expect((await askToken('portal', { grantType: 'authorization_code', code: 'bkci_oac_made-up' })).body.status).toBe(INVALID_GRANT);
      expect((await askToken('portal', { grantType: 'authorization_code' })).body.status).toBe(2100002);
    });

    it('checks PKCE: a wrong or missing verifier is refused; a plain challenge is its verifier', async () => {
      const s256 = { codeChallenge: S256_CHALLENGE, codeChallengeMethod: 'S256' };
      const wrong = await askToken('portal', { grantType: 'authorization_code', code: await approve('portal', s256), codeVerifier: `${VERIFIER.slice(0, -1)}Y` });
      expect([wrong.status, wrong.body.status]).toEqual([400, PKCE_FAILED]);
      const missing = await askToken('portal', { grantType: 'authorization_code', code: await approve('portal', s256) });
      expect([missing.status, missing.body.status]).toEqual([400, PKCE_FAILED]);
      const unasked = await askToken('portal', { grantType: 'authorization_code', code: await approve('portal'), codeVerifier: VERIFIER });
      expect([unasked.status, unasked.body.status]).toEqual([400, PKCE_FAILED]);

      expect((await token('portal', { grantType: 'authorization_code', code: await approve('portal', { codeChallenge: VERIFIER }), codeVerifier: VERIFIER })).accessToken).toBeTruthy();
      const badMethod = await request(gateway).post(`${DESKTOP}/getAuthorizationCode`).query({ clientId: 'portal', redirectUri: CALLBACK }).set(dora).send({ codeChallenge: S256_CHALLENGE, codeChallengeMethod: 'MD5' });
      expect([badMethod.status, badMethod.body.status]).toEqual([400, 2112711]);
    });

    it('refuses a redirect URI not in the settings, and a scope beyond what the client may be granted', async () => {
      const mismatch = await request(gateway).post(`${DESKTOP}/getAuthorizationCode`).query({ clientId: 'portal', redirectUri: `${CALLBACK}/other` }).set(dora).send({});
      expect([mismatch.status, mismatch.body.status]).toEqual([400, 2112705]);
      const wider = await request(gateway).post(`${DESKTOP}/getAuthorizationCode`).query({ clientId: 'reader', redirectUri: CALLBACK }).set(dora).send({ scope: ['write'] });
      expect([wider.status, wider.body.status]).toEqual([400, 2112707]);
      const atExchange = await askToken('portal', { grantType: 'authorization_code', code: await approve('portal'), redirectUri: `${CALLBACK}/other` });
      expect([atExchange.status, atExchange.body.status]).toEqual([400, 2112705]);
    });

    it('gives a read-only token what the user asked for: it reads, but cannot start a build or create a pipeline', async () => {
      const { accessToken } = await token('portal', { grantType: 'authorization_code', code: await approve('portal', { scope: ['read'] }) });

      expect((await listPipelines(accessToken)).status).toBe(200);
      const start = await request(gateway).post(userV4(PROJECT, 'build_start')).query({ pipelineId }).set(bearer(accessToken)).send({});
      expect([start.status, start.body.status]).toEqual([403, SCOPE_FORBIDS]);
      const create = await request(gateway).post(userV4(PROJECT, 'pipelines/pipeline')).set(bearer(accessToken)).send(buildModel('by-reader'));
      expect([create.status, create.body.status]).toEqual([403, SCOPE_FORBIDS]);
    });
  });

  describe('refresh_token', () => {
    it('rotates the refresh token on every use; a reused one revokes the whole family', async () => {
      const first = await token('portal', { grantType: 'authorization_code', code: await approve('portal', { scope: ['read'] }) });
      const second = await token('portal', { grantType: 'REFRESH_TOKEN', refreshToken: first.refreshToken });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      const third = await token('portal', { grantType: 'refresh_token', refreshToken: second.refreshToken });
      expect((await listPipelines(third.accessToken)).status).toBe(200);
      // The scope stays what the user granted.
      const start = await request(gateway).post(userV4(PROJECT, 'build_start')).query({ pipelineId }).set(bearer(third.accessToken)).send({});
      expect(start.body.status).toBe(SCOPE_FORBIDS);

      const replay = await askToken('portal', { grantType: 'refresh_token', refreshToken: first.refreshToken });
      expect([replay.status, replay.body.status]).toEqual([400, INVALID_GRANT]);
      expect(replay.body.message).toContain('every token of this authorization is now revoked');

      expect((await listPipelines(third.accessToken)).status).toBe(401);
      expect((await listPipelines(second.accessToken)).status).toBe(401);
      const newest = await askToken('portal', { grantType: 'refresh_token', refreshToken: third.refreshToken });
      expect([newest.status, newest.body.status]).toEqual([400, INVALID_GRANT]);
    });

    it("refuses another client's refresh token, and leaves the family alone", async () => {
      const issued = await token('portal', { grantType: 'authorization_code', code: await approve('portal') });

      const stolen = await askToken('reader', { grantType: 'refresh_token', refreshToken: issued.refreshToken });
      expect([stolen.status, stolen.body.status]).toEqual([400, INVALID_GRANT]);

      expect((await token('portal', { grantType: 'refresh_token', refreshToken: issued.refreshToken })).accessToken).toBeTruthy();
    });
  });
});
