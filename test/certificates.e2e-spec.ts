import request from 'supertest';
import { ServiceTokens } from '@bkci/auth';
import { ServiceClient } from '@bkci/clients';
import { certificateFixture, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { CertificateEntity } from '../apps/ticket/src/certs/entities/certificate.entity';
import { ticketApp } from '../apps/ticket/src/ticket.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'certs';
const CERTS = `/ms/ticket/api/user/certs/projects/${PROJECT}`;
const CREDENTIALS = `/ms/ticket/api/user/credentials/${PROJECT}`;

describe('certificates through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let ticketData: DataSource;
  let services: ServiceClient;
  let developer: Record<string, string>;
  let viewer: Record<string, string>;

  const password = async (credentialId: string, value: string) =>
    expect((await request(gateway).post(CREDENTIALS).set(developer).send({ credentialId, credentialType: 'PASSWORD', v1: value })).status).toBe(201);
  const android = (fields: Record<string, string>, file = certificateFixture('android.jks')) => {
    const upload = request(gateway).post(`${CERTS}/types/android`).set(developer).attach('fileJks', file, 'release.jks');
    for (const [name, value] of Object.entries(fields)) upload.field(name, value);
    return upload;
  };

  beforeAll(async () => {
    const process = await env.start(processApp);
    const ticket = await env.start(ticketApp);
    ticketData = ticket.app.get(DataSource);
    gateway = (await env.start(openapiApp)).url;
    services = new ServiceClient(env.config('process'), process.app.get(ServiceTokens));
    expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'certs', englishName: PROJECT })).status).toBe(201);
    developer = await memberToken(gateway, PROJECT, 'dev', 'developer');
    viewer = await memberToken(gateway, PROJECT, 'vic', 'viewer');
    await password('store_pw', 'store-pass-123');
    await password('alias_pw', 'alias-pass-456');
    await password('p12_pw', 'p12-pass-789');
  });

  afterAll(() => env.close());

  it('uploads an android keystore, opening it with the passwords its credentials hold', async () => {
    const created = await android({ certId: 'android_release', credentialId: 'store_pw', alias: 'Release-Key', aliasCredentialId: 'alias_pw', certRemark: 'release' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({
      certId: 'android_release',
      certType: 'android',
      alias: 'Release-Key',
      expireTime: Date.parse('2034-01-01T00:00:00Z'),
      fileNames: { fileJks: 'release.jks' },
      permissions: { view: true, edit: true, delete: true, use: true },
    });
    expect(created.body.data.subject).toContain('CN=Android Release');
  });

  it('refuses wrong passwords, a wrong alias, a missing file and garbage with 400 naming the field, storing nothing', async () => {
    await password('wrong_pw', 'not-the-password');
    const cases: Array<[Record<string, string>, Buffer<ArrayBuffer> | undefined, number, string]> = [
      [{ certId: 'a1', credentialId: 'wrong_pw', alias: 'release-key', aliasCredentialId: 'alias_pw' }, undefined, 2118018, 'fileJks'],
      [{ certId: 'a2', credentialId: 'store_pw', alias: 'release-key', aliasCredentialId: 'wrong_pw' }, undefined, 2118018, 'aliasCredentialId'],
      [{ certId: 'a3', credentialId: 'store_pw', alias: 'nobody', aliasCredentialId: 'alias_pw' }, undefined, 2118019, 'alias'],
      [{ certId: 'a4', credentialId: 'store_pw', alias: 'release-key', aliasCredentialId: 'alias_pw' }, Buffer.from('garbage'), 2118101, 'fileJks'],
      [{ certId: 'a5', credentialId: 'no_such_pw', alias: 'release-key', aliasCredentialId: 'alias_pw' }, undefined, 2118101, 'credentialId'],
      [{ certId: 'a6', alias: 'release-key', aliasCredentialId: 'alias_pw' }, undefined, 2118101, 'credentialId'],
    ];
    for (const [fields, file, status, field] of cases) {
      const refused = await android(fields, file);
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({ status, data: { field } });
    }
    const noFile = await request(gateway).post(`${CERTS}/types/tls`).set(developer).field('certId', 'no_file').attach('serverKey', certificateFixture('tls.key'), 'server.key');
    expect(noFile.body).toMatchObject({ status: 2118101, data: { field: 'serverCrt' } });
    const badType = await request(gateway).post(`${CERTS}/types/telepathy`).set(developer).field('certId', 'x');
    expect(badType.status).toBe(400);
    expect(await ticketData.getRepository(CertificateEntity).count()).toBe(1);
  });

  it('reads the expiry of TLS, iOS and enterprise uploads, and lists those about to expire', async () => {
    const tls = await request(gateway).post(`${CERTS}/types/tls`).set(developer).field('certId', 'tls_site').attach('serverCrt', certificateFixture('tls.crt'), 'server.crt').attach('serverKey', certificateFixture('tls.key'), 'server.key');
    expect(tls.status).toBe(201);
    expect(tls.body.data).toMatchObject({ expireTime: Date.parse('2034-01-01T00:00:00Z') });
    expect(tls.body.data.subject).toContain('CN=test.bkci.local');

    const ios = await request(gateway)
      .post(`${CERTS}/types/ios`)
      .set(developer)
      .field('certId', 'ios_dist')
      .field('credentialId', 'p12_pw')
      .attach('fileP12', certificateFixture('tls.p12'), 'dist.p12')
      .attach('fileMobileProvision', certificateFixture('test.mobileprovision'), 'dist.mobileprovision');
    expect(ios.status).toBe(201);
    expect(ios.body.data).toMatchObject({ teamName: '蓝鲸 Test Team', uuid: '0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0', expireTime: Date.parse('2025-06-30T12:34:56Z') });

    const enterprise = await request(gateway).post(`${CERTS}/types/enterprise`).set(developer).field('certId', 'enterprise_profile').attach('fileMobileProvision', certificateFixture('test.mobileprovision'), 'e.mobileprovision');
    expect(enterprise.status).toBe(201);

    const expiring = await request(gateway).get(`${CERTS}/expiring`).query({ withinDays: 30 }).set(viewer);
    expect(expiring.body.data.records.map((row: { certId: string }) => row.certId)).toEqual(['enterprise_profile', 'ios_dist']);
    const all = await request(gateway).get(CERTS).query({ certType: 'tls' }).set(viewer);
    expect(all.body.data.records.map((row: { certId: string }) => row.certId)).toEqual(['tls_site']);
  });

  it('never stores the uploaded files in the clear', async () => {
    const dump = JSON.stringify(await ticketData.query('SELECT * FROM certificates'));
    const keyBody = certificateFixture('tls.key').toString('utf8').split('\n')[1];
    expect(keyBody.length).toBeGreaterThan(40);
    expect(dump).not.toContain(keyBody);
    expect(dump).not.toContain(certificateFixture('tls.key').toString('base64').slice(0, 60));
    expect(dump).not.toContain(certificateFixture('android.jks').toString('base64').slice(0, 60));
  });

  it('updates with the stored files when none are sent, and checks edit on the certificate named in the form', async () => {
    const byViewer = await request(gateway).put(`${CERTS}/types/tls`).set(viewer).field('certId', 'tls_site').field('certRemark', 'changed');
    expect(byViewer.status).toBe(403);
    const updated = await request(gateway).put(`${CERTS}/types/tls`).set(developer).field('certId', 'tls_site').field('certRemark', 'renewed');
    expect(updated.status).toBe(200);
    expect(updated.body.data).toMatchObject({ certRemark: 'renewed', fileNames: { serverCrt: 'server.crt', serverKey: 'server.key' } });
    const mismatched = await request(gateway).put(`${CERTS}/types/tls`).set(developer).field('certId', 'tls_site').attach('serverKey', certificateFixture('tls.p12'), 'wrong.key');
    expect(mismatched.body).toMatchObject({ status: 2118101, data: { field: 'serverKey' } });
  });

  it('hands a certificate to a build of its project only, and deletes it', async () => {
    const minted = await services.request<{ token: string }>('ticket', 'POST', '/api/service/credentials/builds/tokens', { onBehalfOf: 'ci', body: { projectId: PROJECT, buildId: 'b-1', userId: 'dev' } });
    const fetched = await request(gateway).get('/ms/ticket/api/build/certs/android/android_release').set('X-DEVOPS-BUILD-TOKEN', minted.token);
    expect(fetched.status).toBe(200);
    expect(fetched.body.data).toMatchObject({ credentialId: 'store_pw', alias: 'Release-Key', aliasCredentialId: 'alias_pw' });
    expect(Buffer.from(fetched.body.data.files[0].content, 'base64').equals(certificateFixture('android.jks'))).toBe(true);
    expect((await request(gateway).get('/ms/ticket/api/build/certs/tls/tls_site').set('X-DEVOPS-BUILD-TOKEN', minted.token)).status).toBe(400);

    expect((await request(gateway).delete(`${CERTS}/android_release`).set(viewer)).status).toBe(403);
    expect((await request(gateway).delete(`${CERTS}/android_release`).set(developer)).status).toBe(200);
    expect((await request(gateway).get('/ms/ticket/api/build/certs/android/android_release').set('X-DEVOPS-BUILD-TOKEN', minted.token)).status).toBe(404);
  });
});
