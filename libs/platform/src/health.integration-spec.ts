import request from 'supertest';
import { GATEWAY_ISSUER, SERVICE_TOKEN_HEADER, ServiceTokens } from '@bkci/auth';
import { TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { ticketApp } from '../../../apps/ticket/src/ticket.app';

describe('health', () => {
  const env = new TestEnvironment();

  afterAll(() => env.close());

  it('answers 503 naming the part that is down', async () => {
    const ticket = await env.start(ticketApp);
    const token = new ServiceTokens(ticket.config.serviceToken.secret, 60).sign({
      userId: 'admin', issuer: GATEWAY_ISSUER, appCode: null, admin: false,
    });
    expect((await request(ticket.url).get('/api/health').set(SERVICE_TOKEN_HEADER, token)).status).toBe(200);

    await ticket.app.get(DataSource).destroy();
    const response = await request(ticket.url).get('/api/health').set(SERVICE_TOKEN_HEADER, token);
    expect(response.status).toBe(503);
    expect(response.body).toEqual({
      status: 2100008,
      message: 'Unhealthy: database down',
      data: { database: 'down', bus: 'up', lock: 'up' },
    });
  });
});
