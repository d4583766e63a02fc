import request from 'supertest';
import { memberToken, TEST_ADMIN_TOKEN, TestEnvironment, waitFor } from '@bkci/testing';
import { ALL_APPS } from '../apps/standalone/src/all-apps';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'cmetrics';
const METRICS = '/ms/openapi/api/op/metrics/apis';
const TEMPLATES = 'GET /v4/projects/{projectId}/templates';
const PIPELINE_LIST = 'GET /v4/projects/{projectId}/pipelines/pipeline_list';
const TEMPLATE_DETAIL = 'GET /v4/projects/{projectId}/templates/template_detail';

/** BK-CI's T_OPENAPI_METRICS_FOR_API, live: every v4 call counted per api and caller, for operators and Prometheus. */
describe('OpenAPI v4 call metrics', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let olly: Record<string, string>;
  let vic: Record<string, string>;

  const rows = async (query: Record<string, string | number>) => {
    const answer = await request(gateway).get(METRICS).query(query).set(ADMIN);
    expect(answer.status).toBe(200);
    return answer.body.data;
  };

  beforeAll(async () => {
    for (const definition of ALL_APPS) {
      const started = await env.start(definition);
      if (definition.name === 'openapi') gateway = started.url;
    }
    expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: PROJECT, englishName: PROJECT })).status).toBe(201);
    olly = await memberToken(gateway, PROJECT, 'olly', 'developer');
    vic = await memberToken(gateway, PROJECT, 'vic', 'developer');

    // Through each of the three modes: one api name for all of them.
    for (const mode of ['apigw-user', 'apigw', 'apigw-user']) {
      expect((await request(gateway).get(`/ms/openapi/api/${mode}/v4/projects/${PROJECT}/templates`).set(olly)).status).toBe(200);
    }
    expect((await request(gateway).get(`/ms/openapi/api/apigw/v4/projects/${PROJECT}/pipelines/pipeline_list`).set(olly)).status).toBe(200);
    const missing = await request(gateway).get(`/ms/openapi/api/apigw-user/v4/projects/${PROJECT}/templates/template_detail`).query({ templateId: 'nope' }).set(olly);
    expect(missing.status).toBe(404);
    for (let call = 0; call < 2; call++) {
      expect((await request(gateway).get(`/ms/openapi/api/apigw-user/v4/projects/${PROJECT}/templates`).set(vic)).status).toBe(200);
    }
    // Not counted: no caller to count against.
    expect((await request(gateway).get(`/ms/openapi/api/apigw-user/v4/projects/${PROJECT}/templates`)).status).toBe(401);
  });

  afterAll(() => env.close());

  it('shows each caller’s calls per api over 5 min, 1 h, 24 h and 7 d, in BK-CI’s columns', async () => {
    const page = await rows({ key: 'user:olly' });
    expect(page).toMatchObject({ count: 3, page: 1, pageSize: 10, totalPages: 1 });
    expect(page.records.map((row: { api: string }) => row.api)).toEqual([PIPELINE_LIST, TEMPLATES, TEMPLATE_DETAIL]);
    expect(page.records[1]).toMatchObject({ api: TEMPLATES, key: 'user:olly', call5m: 3, call1h: 3, call24h: 3, call7d: 3 });
    expect(page.records[2]).toMatchObject({ api: TEMPLATE_DETAIL, key: 'user:olly', call5m: 1, call7d: 1 });
    // How many of the 3 calls shared a second depends on the machine; the bounds do not.
    for (const field of ['secondLevelConcurrency', 'peakConcurrency']) {
      expect(page.records[1][field]).toBeGreaterThanOrEqual(1);
      expect(page.records[1][field]).toBeLessThanOrEqual(3);
    }
    expect((await rows({ key: 'user:vic' })).records).toEqual([
      expect.objectContaining({ api: TEMPLATES, key: 'user:vic', call5m: 2, call1h: 2, call24h: 2, call7d: 2 }),
    ]);
  });

  it('filters by api and key and pages as every list does', async () => {
    const templates = await rows({ api: TEMPLATES });
    expect(templates.records.map((row: { key: string; call5m: number }) => [row.key, row.call5m])).toEqual([
      ['user:olly', 3],
      ['user:vic', 2],
    ]);
    expect((await rows({ api: TEMPLATES, key: 'user:vic' })).count).toBe(1);
    expect(await rows({ key: 'user:nobody' })).toEqual({ count: 0, page: 1, pageSize: 10, totalPages: 0, records: [] });
    const second = await rows({ key: 'user:olly', page: 2, pageSize: 2 });
    expect(second).toMatchObject({ count: 3, page: 2, pageSize: 2, totalPages: 2 });
    expect(second.records.map((row: { api: string }) => row.api)).toEqual([TEMPLATE_DETAIL]);
    const wrong = await request(gateway).get(METRICS).query({ pageSize: 'many' }).set(ADMIN);
    expect(wrong.status).toBe(400);
  });

  it('is for administrators only', async () => {
    const denied = await request(gateway).get(METRICS).set(olly);
    expect(denied.status).toBe(403);
    expect(denied.body.status).toBe(2100006);
    expect((await request(gateway).get(METRICS)).status).toBe(401);
  });

  it('counts the calls in Prometheus by api, key and status class, with none left in flight', async () => {
    const scrape = async () => (await request(gateway).get('/ms/openapi/metrics').set(ADMIN)).text;
    const counted = (api: string, key: string, status: string, value: number) =>
      `openapi_v4_calls_total{api="${api}",key="${key}",status="${status}",app="openapi"} ${value}\n`;
    await waitFor(async () => (await scrape()).includes('openapi_v4_calls_in_flight{app="openapi"} 0'), 5000, 'no call in flight');
    const text = await scrape();
    expect(text).toContain(counted(TEMPLATES, 'user:olly', '2xx', 3));
    expect(text).toContain(counted(TEMPLATES, 'user:vic', '2xx', 2));
    expect(text).toContain(counted(PIPELINE_LIST, 'user:olly', '2xx', 1));
    expect(text).toContain(counted(TEMPLATE_DETAIL, 'user:olly', '4xx', 1));
    expect(text).not.toContain(`key="user:"`);
    expect((await request(gateway).get('/ms/openapi/metrics').set(olly)).status).toBe(403);
  });
});
