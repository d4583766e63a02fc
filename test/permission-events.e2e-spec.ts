import request from 'supertest';
import { GATEWAY_ISSUER, PermissionChecker, SERVICE_TOKEN_HEADER, ServiceTokens } from '@bkci/auth';
import { StartedApp, TestEnvironment, waitFor } from '@bkci/testing';
import { processApp } from '../apps/process/src/process.app';
import { ticketApp } from '../apps/ticket/src/ticket.app';

/**
 * `process` emits project.permissions.changed through its outbox when members change; `ticket`
 * consumes it from the bus (RabbitMQ in the services profile) and forgets cached answers. The
 * cache lives ten minutes here, so only the event can make the new member's access visible.
 */
describe('permission change events, from process to ticket', () => {
  const env = new TestEnvironment({ BKCI_PERMISSION_CACHE_MS: '600000' });
  let processUrl: string;
  let ticket: StartedApp;
  let adminToken: string;

  beforeAll(async () => {
    processUrl = (await env.start(processApp)).url;
    ticket = await env.start(ticketApp);
    const tokens = new ServiceTokens(env.config('process').serviceToken.secret, 300);
    adminToken = tokens.sign({ userId: 'admin', issuer: GATEWAY_ISSUER, appCode: null, admin: true });
    const created = await request(processUrl)
      .post('/api/user/projects')
      .set(SERVICE_TOKEN_HEADER, adminToken)
      .send({ projectName: 'Events', englishName: 'events-demo' });
    expect(created.status).toBe(201);
  });

  afterAll(() => env.close());

  it('lets a new member in at once, though the old answer was cached', async () => {
    const checker = ticket.app.get(PermissionChecker);
    expect(await checker.isAllowed('carol', 'events-demo', 'project_view')).toBe(false);

    const added = await request(processUrl)
      .post('/api/user/projects/events-demo/groups/viewer/members')
      .set(SERVICE_TOKEN_HEADER, adminToken)
      .send({ userIds: ['carol'] });
    expect(added.status).toBe(201);

    await waitFor(() => checker.isAllowed('carol', 'events-demo', 'project_view'), 10_000);
  });

  it('shuts a removed member out at once', async () => {
    const checker = ticket.app.get(PermissionChecker);
    expect(await checker.isAllowed('carol', 'events-demo', 'project_view')).toBe(true);
    const removed = await request(processUrl)
      .delete('/api/user/projects/events-demo/groups/viewer/members/carol')
      .set(SERVICE_TOKEN_HEADER, adminToken);
    expect(removed.status).toBe(200);
    await waitFor(async () => !(await checker.isAllowed('carol', 'events-demo', 'project_view')), 10_000);
  });
});
