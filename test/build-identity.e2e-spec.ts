import request from 'supertest';
import { REVOKE_BUILD_TOKENS } from '@bkci/contracts';
import { BUILD_TOKEN_HEADER } from '@bkci/auth';
import { TEST_ADMIN_TOKEN, TestEnvironment, buildTokenHeaders, memberToken, waitFor } from '@bkci/testing';
import { logApp } from '../apps/log/src/log.app';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { BuildTokensClient } from '../apps/process/src/builds/build-tokens.client';
import { processApp } from '../apps/process/src/process.app';
import { ticketApp } from '../apps/ticket/src/ticket.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'build-id';

/** The gateway verifies a build's token with ticket and tells the app behind which build calls. */
describe('build identity at the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;

  const readAsBuild = (headers: Record<string, string>) => request(gateway).get('/ms/ticket/api/build/credentials/deploy_key/detail').set(headers);
  const writeLog = (headers: Record<string, string>, message: string) =>
    request(gateway).post('/ms/log/api/build/logs/multi').set(headers).send([{ message, timestamp: Date.now(), tag: 'step-1' }]);

  beforeAll(async () => {
    await env.start(processApp);
    await env.start(ticketApp);
    await env.start(logApp);
    gateway = (await env.start(openapiApp)).url;
    expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: PROJECT, englishName: PROJECT })).status).toBe(201);
    const developer = await memberToken(gateway, PROJECT, 'dev', 'developer');
    const created = await request(gateway).post(`/ms/ticket/api/user/credentials/${PROJECT}`).set(developer).send({ credentialId: 'deploy_key', credentialType: 'PASSWORD', v1: 'the-deploy-secret' });
    expect(created.status).toBe(201);
  });

  afterAll(() => env.close());

  it('lets a running build act as itself with its token, and audits the read in the name of who started it', async () => {
    const headers = await buildTokenHeaders(env, { projectId: PROJECT, pipelineId: 'p-1', buildId: 'b-live', userId: 'starter' });

    const read = await readAsBuild(headers);
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual({ password: 'the-deploy-secret' });
    expect((await readAsBuild(headers)).status).toBe(200);
  });

  it('refuses a missing or unknown token with 401', async () => {
    const missing = await request(gateway).get('/ms/ticket/api/build/credentials/deploy_key/detail');
    expect(missing.status).toBe(401);
    const forged = await readAsBuild({ [BUILD_TOKEN_HEADER]: 'bkb_not-a-token-ticket-ever-minted' });
    expect(forged.status).toBe(401);
    expect(forged.body.status).toBe(2118103);
  });

  it('refuses the token of a build that ended, though the gateway had already verified it', async () => {
    const headers = await buildTokenHeaders(env, { projectId: PROJECT, pipelineId: 'p-1', buildId: 'b-ended', userId: 'starter' });
    expect((await readAsBuild(headers)).status).toBe(200);

    const { revoked } = await env.serviceClient().call(REVOKE_BUILD_TOKENS, { projectId: PROJECT, buildId: 'b-ended' }, { onBehalfOf: 'ci' });
    expect(revoked).toBe(1);

    // The revocation reaches every gateway instance as an event; until then the cached answer stands.
    await waitFor(async () => (await readAsBuild(headers)).status === 401, 10_000, 'the revoked token to be refused');
    const refused = await readAsBuild(headers);
    expect(refused.status).toBe(401);
    expect(refused.body.status).toBe(2118103);
  });

  it('lets a job act with its own token until the job ends, while the build\'s other jobs keep theirs, and masks what a job read', async () => {
    // The engine's own client: process mints a job's token when the job starts and revokes it when it ends.
    const jobTokens = new BuildTokensClient(env.serviceClient());
    const job = { projectId: PROJECT, pipelineId: 'p-1', buildId: 'b-jobs', userId: 'starter' };
    const first = { [BUILD_TOKEN_HEADER]: (await jobTokens.mintJobToken({ ...job, vmSeqId: '1' })).token };
    const second = { [BUILD_TOKEN_HEADER]: (await jobTokens.mintJobToken({ ...job, vmSeqId: '2' })).token };

    const read = await readAsBuild(first);
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual({ password: 'the-deploy-secret' });
    expect((await writeLog(first, 'job 1 deploys with the-deploy-secret')).status).toBe(200);
    // The secret is masked in the whole build's log, whichever of its jobs prints it.
    expect((await writeLog(second, 'job 2 saw the-deploy-secret')).status).toBe(200);
    const log = await request(gateway).get(`/ms/log/api/user/logs/${PROJECT}/p-1/b-jobs/`).set(ADMIN);
    expect(log.status).toBe(200);
    expect(log.body.data.logs.map((line: { message: string }) => line.message)).toEqual(['job 1 deploys with ******', 'job 2 saw ******']);

    expect(await jobTokens.revokeJobToken(PROJECT, 'b-jobs', '1')).toBe(1);
    expect(await jobTokens.revokeJobToken(PROJECT, 'b-jobs', '1')).toBe(0);
    await waitFor(async () => (await readAsBuild(first)).status === 401, 10_000, 'the ended job\'s token to be refused');
    const refused = await writeLog(first, 'too late');
    expect(refused.status).toBe(401);
    expect(refused.body.status).toBe(2118103);
    expect((await readAsBuild(second)).status).toBe(200);
    expect((await writeLog(second, 'job 2 goes on')).status).toBe(200);

    // The build's end revokes what its jobs still hold.
    const { revoked } = await env.serviceClient().call(REVOKE_BUILD_TOKENS, { projectId: PROJECT, buildId: 'b-jobs' }, { onBehalfOf: 'ci' });
    expect(revoked).toBe(1);
    await waitFor(async () => (await readAsBuild(second)).status === 401, 10_000, 'the ended build\'s job token to be refused');
  });

  it('keeps build routes closed to users, whatever their permissions', async () => {
    const asAdmin = await request(gateway).get('/ms/ticket/api/build/credentials/deploy_key/detail').set(ADMIN);
    expect(asAdmin.status).toBe(401);
  });
});
