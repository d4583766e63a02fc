import { Caller, SERVICE_TOKEN_HEADER, ServiceTokens } from '@bkci/auth';
import { TestEnvironment } from '@bkci/testing';
import { DataSource, Repository } from 'typeorm';
import { ticketApp } from '../ticket.app';
import { TicketError, TicketErrorCode } from '../ticket.errors';
import { CredentialReader } from './credential-reader';
import { CredentialService, MASK } from './credential.service';
import { CredentialAuditEntity } from './entities/credential-audit.entity';
import { CredentialEntity } from './entities/credential.entity';

const ALICE: Caller = { userId: 'alice', issuer: 'openapi', appCode: null, admin: false };
const BOB: Caller = { userId: 'bob', issuer: 'openapi', appCode: null, admin: false };
const PROJECT = 'vault';
const ORIGIN = { requestId: 'req-1', clientIp: '10.0.0.7' };

async function codeOf(promise: Promise<unknown>): Promise<number> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(TicketError);
  return (error as TicketError).code;
}

/**
 * The credential service and its plaintext reader with their real tables; process, in a process of
 * its own as in production, answers the permission questions.
 */
describe('CredentialService', () => {
  const env = new TestEnvironment();
  let credentials: CredentialService;
  let reader: CredentialReader;
  let rows: Repository<CredentialEntity>;
  let audits: Repository<CredentialAuditEntity>;

  beforeAll(async () => {
    const process = await env.spawn('process');
    // Alice creates the project through process's own route, as the gateway would forward it, and so manages it.
    const token = new ServiceTokens(env.env.BKCI_SERVICE_SECRET, 300).sign(ALICE);
    const created = await fetch(`${process.url}/api/user/projects`, {
      method: 'POST',
      headers: { [SERVICE_TOKEN_HEADER]: token, 'content-type': 'application/json' },
      body: JSON.stringify({ projectName: 'Vault', englishName: PROJECT }),
    });
    if (created.status !== 201) throw new Error(`creating project ${PROJECT}: ${created.status} ${await created.text()}`);
    const { app } = await env.start(ticketApp);
    credentials = app.get(CredentialService);
    reader = app.get(CredentialReader);
    rows = app.get(DataSource).getRepository(CredentialEntity);
    audits = app.get(DataSource).getRepository(CredentialAuditEntity);
  });

  afterAll(() => env.close());

  it('stores the values sealed and shows them masked', async () => {
    const view = await credentials.create(ALICE, PROJECT, { credentialId: 'git_login', credentialType: 'USERNAME_PASSWORD', v1: 'deployer', v2: 'hunter2-secret' });
    expect(view).toMatchObject({ projectId: PROJECT, credentialId: 'git_login', credentialName: 'git_login', v1: MASK, v2: MASK, v3: null, v4: null, createUser: 'alice' });
    expect(view.permissions).toEqual({ view: true, edit: true, delete: true, use: true });

    const row = await rows.findOneByOrFail({ projectId: PROJECT, credentialId: 'git_login' });
    expect(row).toMatchObject({ credentialType: 'USERNAME_PASSWORD', filledSlots: ['v1', 'v2'], revision: 0, creator: 'alice' });
    expect(JSON.stringify(row)).not.toContain('hunter2-secret');
    expect(JSON.stringify(row)).not.toContain('deployer');
  });

  it('refuses a second credential with the same id and keeps the first', async () => {
    await credentials.create(ALICE, PROJECT, { credentialId: 'twice', credentialType: 'PASSWORD', v1: 'first' });
    expect(await codeOf(credentials.create(ALICE, PROJECT, { credentialId: 'twice', credentialType: 'PASSWORD', v1: 'second' }))).toBe(TicketErrorCode.CREDENTIAL_EXISTS);
    expect((await reader.readAsUser(ALICE, PROJECT, 'twice', ORIGIN)).v1).toBe('first');
  });

  it('keeps a slot sent as the mask or left out, replaces one sent anew, and bumps the revision', async () => {
    await credentials.create(ALICE, PROJECT, { credentialId: 'rotating', credentialType: 'USERNAME_PASSWORD', v1: 'svc-user', v2: 'old-pass', credentialRemark: 'ci' });
    const masked = await credentials.update(BOB, PROJECT, 'rotating', { credentialType: 'USERNAME_PASSWORD', v1: MASK, credentialName: 'Rotating' });
    expect(masked).toMatchObject({ credentialName: 'Rotating', credentialRemark: '', updateUser: 'bob', createUser: 'alice', v1: MASK, v2: MASK });
    let plain = await reader.readAsUser(ALICE, PROJECT, 'rotating', ORIGIN);
    expect([plain.v1, plain.v2]).toEqual(['svc-user', 'old-pass']);

    await credentials.update(ALICE, PROJECT, 'rotating', { credentialType: 'USERNAME_PASSWORD', v1: MASK, v2: 'new-pass' });
    plain = await reader.readAsUser(ALICE, PROJECT, 'rotating', ORIGIN);
    expect([plain.v1, plain.v2]).toEqual(['svc-user', 'new-pass']);
    expect(plain.values).toEqual({ username: 'svc-user', password: 'new-pass' });
    expect(await rows.findOneByOrFail({ projectId: PROJECT, credentialId: 'rotating' })).toMatchObject({ revision: 2, updater: 'alice', credentialName: 'rotating' });
  });

  it('refuses an update of a credential that does not exist', async () => {
    expect(await codeOf(credentials.update(ALICE, PROJECT, 'nowhere', { credentialType: 'PASSWORD', v1: 'x' }))).toBe(TicketErrorCode.CREDENTIAL_NOT_FOUND);
    expect(await rows.countBy({ projectId: PROJECT, credentialId: 'nowhere' })).toBe(0);
  });

  it('writes an audit row for every plaintext read, before the value leaves', async () => {
    await credentials.create(ALICE, PROJECT, { credentialId: 'audited', credentialType: 'ACCESSTOKEN', v1: 'tok-123' });
    expect(await audits.countBy({ projectId: PROJECT, credentialId: 'audited' })).toBe(0);
    const plain = await reader.readAsUser(ALICE, PROJECT, 'audited', ORIGIN);
    expect(plain).toMatchObject({ credentialId: 'audited', credentialType: 'ACCESSTOKEN', v1: 'tok-123', v2: null });
    await reader.readAsUser(ALICE, PROJECT, 'audited', { requestId: 'req-2', clientIp: null });

    const trail = await audits.find({ where: { projectId: PROJECT, credentialId: 'audited' }, order: { requestId: 'ASC' } });
    expect(trail).toHaveLength(2);
    expect(trail.map((row) => [row.readerType, row.userId, row.requestId, row.clientIp])).toEqual([
      ['USER', 'alice', 'req-1', '10.0.0.7'],
      ['USER', 'alice', 'req-2', null],
    ]);
  });

  it('lets no one without use on the credential read its plaintext, and records nothing', async () => {
    await credentials.create(ALICE, PROJECT, { credentialId: 'private', credentialType: 'PASSWORD', v1: 'only-alice' });
    await expect(reader.readAsUser(BOB, PROJECT, 'private', ORIGIN)).rejects.toThrow('lacks permission credential_use');
    expect(await audits.countBy({ projectId: PROJECT, credentialId: 'private' })).toBe(0);
  });

  it('lists by type and keyword, newest first, a page at a time, all masked', async () => {
    await credentials.create(ALICE, PROJECT, { credentialId: 'list_a', credentialName: 'deploy-key', credentialType: 'SECRETKEY', v1: 's1' });
    await credentials.create(ALICE, PROJECT, { credentialId: 'list_b', credentialName: 'deploy-token', credentialType: 'ACCESSTOKEN', v1: 's2' });
    await rows.update({ projectId: PROJECT, credentialId: 'list_a' }, { createdAt: new Date('2040-01-01T00:00:01Z') });
    await rows.update({ projectId: PROJECT, credentialId: 'list_b' }, { createdAt: new Date('2040-01-01T00:00:02Z') });

    const deploy = await credentials.list(ALICE, PROJECT, { keyword: 'deploy' });
    expect(deploy.count).toBe(2);
    expect(deploy.records.map((r) => r.credentialId)).toEqual(['list_b', 'list_a']);
    expect(deploy.records.map((r) => r.v1)).toEqual([MASK, MASK]);

    const tokens = await credentials.list(ALICE, PROJECT, { keyword: 'deploy', credentialTypes: ['ACCESSTOKEN'] });
    expect(tokens.records.map((r) => r.credentialId)).toEqual(['list_b']);

    const all = await credentials.list(ALICE, PROJECT, { page: 1, pageSize: 2 });
    expect(all.records).toHaveLength(2);
    expect(all.count).toBe(await rows.countBy({ projectId: PROJECT }));
    expect(all.count).toBeGreaterThan(2);
  });

  it('deletes the row, and then reports it missing', async () => {
    await credentials.create(ALICE, PROJECT, { credentialId: 'doomed', credentialType: 'PASSWORD', v1: 'bye' });
    await credentials.delete(ALICE, PROJECT, 'doomed');
    expect(await rows.countBy({ projectId: PROJECT, credentialId: 'doomed' })).toBe(0);
    expect(await codeOf(credentials.delete(ALICE, PROJECT, 'doomed'))).toBe(TicketErrorCode.CREDENTIAL_NOT_FOUND);
  });
});
