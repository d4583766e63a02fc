import request, { Response, Test } from 'supertest';
import { buildTokenHeaders, sleep, TEST_ADMIN_TOKEN, TEST_PROFILE, TestEnvironment } from '@bkci/testing';
import { ALL_APPS } from '../apps/standalone/src/all-apps';
import { openapiApp } from '../apps/openapi/src/openapi.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECTS = '/ms/process/api/user/projects';
const EXTERNAL = '/ms/environment/api/external/thirdPartyAgent/zzzzzzzzzz/agent';
const BUILD_ROUTE = '/ms/ticket/api/build/credentials/none/?publicKey=x';
const RATE_LIMITED = 2112501;
const AUTHENTICATION_THROTTLED = 2112502;

/** The client address a request claims; the gateway believes it because the test's loopback is a trusted proxy. */
const from = (address: string) => ({ 'X-Forwarded-For': address });

/** Sends until the gateway answers 429 (a slow machine may refill a bucket on the way); returns what it served and the 429. */
async function untilRefused(send: () => Test): Promise<{ served: Response[]; refused: Response }> {
  const served: Response[] = [];
  for (let attempt = 0; attempt < 50; attempt++) {
    const response = await send();
    if (response.status === 429) return { served, refused: response };
    served.push(response);
  }
  throw new Error('no 429 after 50 requests');
}

/** Sends, waiting out a 429's Retry-After, until the request is let through. */
async function admitted(send: () => Test): Promise<Response> {
  for (;;) {
    const response = await send();
    if (response.status !== 429) return response;
    await sleep(Number(response.headers['retry-after']) * 1000);
  }
}

describe('gateway rate limits', () => {
  // Small buckets: users 1 request a second, burst 3; build and external 0.5 a second, burst 3; 3 failed authentications, then one every 2 s.
  const env = new TestEnvironment({
    BKCI_RATE_LIMIT_USER: '1/3',
    BKCI_RATE_LIMIT_BUILD: '0.5/3',
    BKCI_RATE_LIMIT_EXTERNAL: '0.5/3',
    BKCI_RATE_LIMIT_FAILED_AUTH: '0.5/3',
    BKCI_TRUSTED_PROXIES: '127.0.0.0/8, ::1, ::ffff:127.0.0.1',
  });
  let gateway: string;
  const users: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    for (const definition of ALL_APPS) await env.start(definition);
    gateway = env.env.BKCI_OPENAPI_URL;
    // The administrator is limited too: 3 at once, then one a second.
    for (const user of ['alice', 'bob', 'carol', 'erin', 'frank', 'grace']) {
      const created = await admitted(() => request(gateway).post(`/ms/openapi/api/op/users/${user}/tokens`).set(ADMIN).send({ name: 'cli' }));
      expect(created.status).toBe(201);
      users[user] = { Authorization: `Bearer ${created.body.data.token as string}` };
    }
  });

  afterAll(() => env.close());

  it('answers 429 with Retry-After to a user over the limit, forwards nothing, and serves again after Retry-After', async () => {
    const first = await request(gateway).get(PROJECTS).set(users.alice);
    expect(first.status).toBe(200);
    expect(first.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '2', 'x-ratelimit-reset': '1' });

    const { served, refused } = await untilRefused(() => request(gateway).get(PROJECTS).set(users.alice));
    expect(served.every((response) => response.status === 200)).toBe(true);
    expect(refused.body).toEqual({ status: RATE_LIMITED, message: 'Too many requests; retry in 1 s', data: null });
    // Less than one request left: one fits again within a second, the bucket is full within three.
    expect(refused.headers).toMatchObject({ 'retry-after': '1', 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3' });

    // A write refused for the limit never reaches the app: only the projects created before the 429 exist.
    let attempt = 0;
    const writes = await untilRefused(() =>
      request(gateway).post(PROJECTS).set(users.alice).send({ projectName: 'Limited', englishName: `limited-${++attempt}`, description: 'rate limits' }),
    );
    expect(writes.served.every((response) => response.status === 201)).toBe(true);
    await sleep(Number(writes.refused.headers['retry-after']) * 1000);
    const listed = await request(gateway).get(PROJECTS).set(users.alice);
    expect(listed.status).toBe(200);
    expect(listed.body.data.map((project: { englishName: string }) => project.englishName).sort()).toEqual(
      writes.served.map((_, index) => `limited-${index + 1}`).sort(),
    );

  });

  it('keeps one bucket per user: another user is not affected', async () => {
    await untilRefused(() => request(gateway).get(PROJECTS).set(users.bob));
    const carol = await request(gateway).get(PROJECTS).set(users.carol);
    expect(carol.status).toBe(200);
    expect(carol.headers['x-ratelimit-remaining']).toBe('2');
  });

  it("limits the gateway's own routes by their caller too, and says in its health where the buckets are", async () => {
    const health = await request(gateway).get('/ms/openapi/api/health').set(users.erin);
    expect(health.status).toBe(200);
    expect(health.headers['x-ratelimit-remaining']).toBe('2');
    expect(health.body.data).toEqual({ database: 'up', bus: 'up', lock: 'up', rateLimits: TEST_PROFILE === 'services' ? 'redis' : 'in-process' });
  });

  it("limits build calls by the client's address, whichever build's token they carry", async () => {
    const first = await buildTokenHeaders(env, { projectId: 'limits', pipelineId: 'p-1', buildId: 'b-1', userId: 'alice' });
    const second = await buildTokenHeaders(env, { projectId: 'limits', pipelineId: 'p-1', buildId: 'b-2', userId: 'bob' });
    const one = await request(gateway).get(BUILD_ROUTE).set({ ...first, ...from('10.0.1.1') });
    expect(one.status).not.toBe(429);
    expect(one.headers['x-ratelimit-remaining']).toBe('2');
    // The same address with another build's token takes from the same bucket; another address has its own.
    const two = await request(gateway).get(BUILD_ROUTE).set({ ...second, ...from('10.0.1.1') });
    expect(Number(two.headers['x-ratelimit-remaining'])).toBeLessThan(2);
    expect((await request(gateway).get(BUILD_ROUTE).set({ ...second, ...from('10.0.1.2') })).headers['x-ratelimit-remaining']).toBe('2');

    const { refused } = await untilRefused(() => request(gateway).get(BUILD_ROUTE).set({ ...first, ...from('10.0.1.1') }));
    expect(refused.body.status).toBe(RATE_LIMITED);
    expect(refused.headers['retry-after']).toBe('2');
  });

  it('limits external calls and requests without credentials by address, in one bucket', async () => {
    const anonymous = await request(gateway).get(PROJECTS).set(from('10.0.2.1'));
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['x-ratelimit-remaining']).toBe('2');
    const external = await request(gateway).get(EXTERNAL).set(from('10.0.2.1'));
    expect(external.status).toBe(404);
    expect(Number(external.headers['x-ratelimit-remaining'])).toBeLessThan(2);

    // A build call without the build's token counts there too.
    const { served, refused } = await untilRefused(() => request(gateway).get(BUILD_ROUTE).set(from('10.0.2.1')));
    expect(served.every((response) => response.status === 401)).toBe(true);
    expect(refused.body.status).toBe(RATE_LIMITED);
  });

  it('throttles an address after failed authentications, before checking any credential, and no other address', async () => {
    const wrong = [
      () => request(gateway).get(PROJECTS).set({ Authorization: 'Bearer bkci_pat_wrong', ...from('10.0.3.1') }),
      () => request(gateway).get('/ms/openapi/api/apigw-app/v4/projects/limits/pipelines/pipeline_list').set({
        'X-DEVOPS-APP-CODE': 'no-such-app', 'X-DEVOPS-APP-SECRET': 'wrong', 'X-DEVOPS-UID': 'frank', ...from('10.0.3.1'),
      }),
    ];
    let attempt = 0;
    const { served, refused } = await untilRefused(() => wrong[attempt++ % wrong.length]());
    expect(served.map((response) => response.status)).toEqual(served.map(() => 401));
    expect(served.length).toBeGreaterThanOrEqual(3);
    expect(refused.body).toMatchObject({ status: AUTHENTICATION_THROTTLED, data: null });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);

    // A good token from that address is refused too, unchecked; from another address it is served.
    const blocked = await request(gateway).get(PROJECTS).set({ ...users.frank, ...from('10.0.3.1') });
    expect(blocked.status).toBe(429);
    expect(blocked.body.status).toBe(AUTHENTICATION_THROTTLED);
    expect((await request(gateway).get(PROJECTS).set({ ...users.frank, ...from('10.0.3.2') })).status).toBe(200);

    await sleep(Number(blocked.headers['retry-after']) * 1000);
    expect((await request(gateway).get(PROJECTS).set({ ...users.frank, ...from('10.0.3.1') })).status).toBe(200);
  });

  it("limits a build's or an agent's calls by address before their credentials are checked, and does not count refusals as failed authentications", async () => {
    const machine = from('10.0.4.1');
    const wrongBuildToken = () => request(gateway).get(BUILD_ROUTE).set({ 'X-DEVOPS-BUILD-TOKEN': 'ended', ...machine });
    const wrongAgentSecret = () =>
      request(gateway).get('/ms/environment/api/buildAgent/agent/thirdPartyAgent/heartbeat').set({
        'X-DEVOPS-PROJECT-ID': 'limits', 'X-DEVOPS-AGENT-ID': 'zzzzzzzzzz', 'X-DEVOPS-AGENT-SECRET-KEY': 'wrong', 'X-DEVOPS-AGENT-HOST': 'host-1', ...machine,
      });
    // Four refusals: one more than the failed-authentication burst, within the build bucket (3, then one every 2 s).
    for (const call of [wrongBuildToken, wrongAgentSecret, wrongBuildToken]) expect((await call()).status).toBe(401);
    const flooded = await wrongAgentSecret();
    expect([flooded.status, flooded.body.status]).toEqual([429, RATE_LIMITED]);
    await sleep(Number(flooded.headers['retry-after']) * 1000);
    expect((await wrongAgentSecret()).status).toBe(401);

    // A person at the same address (the console beside the local agent) is not throttled.
    expect((await request(gateway).get(PROJECTS).set({ ...users.frank, ...machine })).status).toBe(200);
  });

  if (TEST_PROFILE === 'services') {
    it('shares one limit between two gateway processes on the same Redis', async () => {
      const other = (await env.spawn('openapi')).url;
      const first = await request(gateway).get(EXTERNAL).set(from('10.0.4.1'));
      expect(first.headers['x-ratelimit-remaining']).toBe('2');
      // The other gateway sees what the first took.
      const second = await request(other).get(EXTERNAL).set(from('10.0.4.1'));
      expect(second.status).toBe(404);
      expect(Number(second.headers['x-ratelimit-remaining'])).toBeLessThan(2);
      const { refused } = await untilRefused(() => request(other).get(EXTERNAL).set(from('10.0.4.1')));
      expect(refused.body.status).toBe(RATE_LIMITED);
    });

    it('keeps serving, limited in its own process, when its Redis is unreachable, and says so in its health', async () => {
      env.env.BKCI_RATE_LIMIT_REDIS_URL = 'redis://127.0.0.1:1';
      const isolated = (await env.start(openapiApp)).url;
      delete env.env.BKCI_RATE_LIMIT_REDIS_URL;

      const served = await request(isolated).get(PROJECTS).set(users.grace);
      expect(served.status).toBe(200);
      expect(served.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '2' });
      const health = await request(isolated).get('/ms/openapi/api/health').set(users.grace);
      expect(health.status).toBe(200);
      expect(health.body.data).toEqual({ database: 'up', bus: 'up', lock: 'up', rateLimits: 'degraded' });
      const { refused } = await untilRefused(() => request(isolated).get(PROJECTS).set(users.grace));
      expect(refused.body.status).toBe(RATE_LIMITED);
    });
  }
});
