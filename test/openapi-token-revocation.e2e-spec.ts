import request from 'supertest';
import { TEST_ADMIN_TOKEN, TestEnvironment, waitFor } from '@bkci/testing';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };

/**
 * Each gateway remembers the personal access tokens it verified for a while; a revocation made
 * through one gateway reaches the others as an event, so no replica keeps honouring the token.
 */
describe('personal access tokens: revocation reaches every gateway', () => {
  const env = new TestEnvironment();
  let first: string;
  let second: string;

  beforeAll(async () => {
    await env.start(processApp);
    first = (await env.start(openapiApp)).url;
    second = (await env.start(openapiApp)).url;
  });

  afterAll(() => env.close());

  it('refuses a token on both gateways once it is revoked through one, though both verified it before', async () => {
    const issued = await request(first).post('/ms/openapi/api/op/users/rita/tokens').set(ADMIN).send({ name: 'cli' });
    expect(issued.status).toBe(201);
    const { id, token } = issued.body.data as { id: string; token: string };
    const rita = { Authorization: `Bearer ${token}` };
    for (const gateway of [first, second]) {
      expect((await request(gateway).get('/ms/openapi/api/user/tokens').set(rita)).status).toBe(200);
    }

    expect((await request(first).delete(`/ms/openapi/api/user/tokens/${id}`).set(rita)).status).toBe(200);

    expect((await request(first).get('/ms/openapi/api/user/tokens').set(rita)).status).toBe(401);
    await waitFor(async () => (await request(second).get('/ms/openapi/api/user/tokens').set(rita)).status === 401, 5000, 'the second gateway to refuse the revoked token');
    expect((await request(second).get('/ms/process/api/user/projects').set(rita)).status).toBe(401);
  });
});
