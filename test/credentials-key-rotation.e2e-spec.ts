import request from 'supertest';
import { randomBytes } from 'node:crypto';
import { certificateFixture, StartedApp, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { CertificateEntity } from '../apps/ticket/src/certs/entities/certificate.entity';
import { CredentialEntity } from '../apps/ticket/src/credentials/entities/credential.entity';
import { rotateMasterKey } from '../apps/ticket/src/crypto/rotate-master-key';
import { ticketApp } from '../apps/ticket/src/ticket.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const CREDENTIALS = '/ms/ticket/api/user/credentials/rotation';
const CERTS = '/ms/ticket/api/user/certs/projects/rotation/types/tls';
const COUNT = 40;
const key = () => randomBytes(32).toString('base64');

/**
 * Master key rotation as an operator does it with keys from the environment: list the new key
 * beside the old and activate it, redeploy, run the rotation while the app serves, then drop the old key.
 */
describe('ticket master key rotation', () => {
  const oldKey = `old:${key()}`;
  const newKey = `new:${key()}`;
  const env = new TestEnvironment({ BKCI_TICKET_MASTER_KEYS: oldKey });
  let gateway: string;
  let ticket: StartedApp;

  const show = (id: number) => request(gateway).get(`${CREDENTIALS}/cred_${id}/show`).set(ADMIN);

  beforeAll(async () => {
    await env.start(processApp);
    ticket = await env.start(ticketApp);
    gateway = (await env.start(openapiApp)).url;
    expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'rotation', englishName: 'rotation' })).status).toBe(201);
    for (let id = 0; id < COUNT; id++) {
      expect((await request(gateway).post(CREDENTIALS).set(ADMIN).send({ credentialId: `cred_${id}`, credentialType: 'PASSWORD', v1: `value-${id}` })).status).toBe(201);
    }
    const tls = await request(gateway).post(CERTS).set(ADMIN).field('certId', 'site').attach('serverCrt', certificateFixture('tls.crt'), 'server.crt').attach('serverKey', certificateFixture('tls.key'), 'server.key');
    expect(tls.status).toBe(201);
  });

  afterAll(() => env.close());

  it('re-wraps every data key (credentials and certificates) under the new key while reads go on, and every credential reads after the old key is gone', async () => {
    Object.assign(env.env, { BKCI_TICKET_MASTER_KEYS: `${oldKey},${newKey}`, BKCI_TICKET_ACTIVE_KEY_ID: 'new' });
    const running = await env.restart(ticket, true);

    const reads = Promise.all(Array.from({ length: COUNT }, (_, id) => show(id)));
    const rotation = await rotateMasterKey(env.config('ticket'), ticketApp.schema);
    expect(rotation).toEqual({ keyFile: null, activeKeyId: 'new', rewrapped: COUNT + 1 });
    for (const [id, answer] of (await reads).entries()) expect(answer.body.data).toMatchObject({ v1: `value-${id}` });

    const ticketData = running.app.get(DataSource);
    const keyIds = [...(await ticketData.getRepository(CredentialEntity).find()), ...(await ticketData.getRepository(CertificateEntity).find())].map((row) => row.keyId);
    expect(new Set(keyIds)).toEqual(new Set(['new']));

    Object.assign(env.env, { BKCI_TICKET_MASTER_KEYS: newKey, BKCI_TICKET_ACTIVE_KEY_ID: 'new' });
    await env.restart(running, true);
    for (let id = 0; id < COUNT; id++) expect((await show(id)).body.data).toMatchObject({ v1: `value-${id}` });
    // Updating without files re-opens the stored ones.
    expect((await request(gateway).put(CERTS).set(ADMIN).field('certId', 'site').field('certRemark', 'after rotation')).status).toBe(200);
    expect((await rotateMasterKey(env.config('ticket'), ticketApp.schema)).rewrapped).toBe(0);
  });
});
