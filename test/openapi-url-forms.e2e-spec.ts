import request from 'supertest';
import { ConfigError } from '@bkci/config';
import { MAX_BODY_BYTES } from '@bkci/platform';
import { buildModel, memberToken, TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';

const ADMIN = { Authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const PROJECT = 'forms';
/** One v4 call, `pipelines/pipeline_list` of PROJECT, in each form a BK-CI client may send it. */
const LIST_FORMS = [
  `/ms/openapi/api/apigw-user/v4/projects/${PROJECT}/pipelines/pipeline_list`,
  `/v4/apigw-user/projects/${PROJECT}/pipelines/pipeline_list`,
  `/prod/v4/apigw-user/projects/${PROJECT}/pipelines/pipeline_list`,
  `/prod/apigw-user/v4/projects/${PROJECT}/pipelines/pipeline_list`,
  `/prod/apigw/v4/projects/${PROJECT}/pipelines/pipeline_list`,
];
const V3_FORMS = [
  `/v3/apigw-user/projects/${PROJECT}/pipelines`,
  `/v3/apigw-app/projects/${PROJECT}/pipelines`,
  `/prod/v3/apigw-user/projects/${PROJECT}/pipelines`,
  `/prod/apigw-user/v3/projects/${PROJECT}/pipelines`,
  `/prod/v2/apigw/projects/${PROJECT}/pipelines`,
  `/ms/openapi/api/apigw-user/v3/projects/${PROJECT}/pipelines`,
];

interface ListAnswer {
  data: { records: Array<Record<string, unknown>> };
}

/** The answer without each row's `currentTimestamp`, the server's clock when it answered. */
function timeless(answer: ListAnswer): ListAnswer {
  return { ...answer, data: { ...answer.data, records: answer.data.records.map(({ currentTimestamp: _now, ...row }) => row) } };
}

/** BK-CI's public URL forms of an OpenAPI v4 call (bk-apigateway's and the legacy `/prod/` vhost's), and its page size rule. */
describe('OpenAPI URL forms', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let member: Record<string, string>;

  beforeAll(async () => {
    await env.start(processApp);
    gateway = (await env.start(openapiApp)).url;
    expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Forms', englishName: PROJECT })).status).toBe(201);
    member = await memberToken(gateway, PROJECT, 'fern', 'developer');
    for (const name of ['url form a', 'url form b', 'other']) {
      expect((await request(gateway).post(`/v4/apigw-user/projects/${PROJECT}/pipelines/pipeline`).set(member).send(buildModel(name))).status).toBe(201);
    }
  });

  afterAll(() => env.close());

  it('answers the same v4 call identically in every form, its query passed on as sent', async () => {
    const answers: ListAnswer[] = [];
    for (const form of LIST_FORMS) {
      const answer = await request(gateway).get(`${form}?page=1&pageSize=1&filterByPipelineName=url%20form`).set(member);
      expect(answer.status).toBe(200);
      answers.push(timeless(answer.body as ListAnswer));
    }
    expect(answers[0].data).toMatchObject({ count: 2, page: 1, pageSize: 1, totalPages: 2 });
    expect(answers[0].data.records).toHaveLength(1);
    for (const answer of answers.slice(1)) expect(answer).toEqual(answers[0]);
  });

  it('checks a public form like the /ms/openapi URL it stands for', async () => {
    const anonymous = await request(gateway).get(LIST_FORMS[1]);
    expect(anonymous.status).toBe(401);
    const malformed = await request(gateway).get(`/v4/apigw-user/projects/%zz/pipelines/pipeline_list`).set(member);
    expect(malformed.status).toBe(400);
    expect(malformed.body.message).toContain('malformed %-escape');
    const tooLarge = await request(gateway).post(`/prod/v4/apigw-user/projects/${PROJECT}/pipelines/pipeline`).set(member).set('content-length', String(MAX_BODY_BYTES + 1)).send();
    expect(tooLarge.status).toBe(413);
    const missing = await request(gateway).get(`/prod/apigw-user/v4/projects/${PROJECT}/pipelines/pipeline_status`).set(member);
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('pipelineId');
  });

  it('answers a v2 or v3 call, in any form, that only v4 is served', async () => {
    for (const form of V3_FORMS) {
      const answer = await request(gateway).get(form).set(member);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({ status: 2112901, message: expect.stringMatching(/^This gateway serves BK-CI's OpenAPI v4 only .* v[23] is not served$/), data: null });
    }
  });

  it('caps pageSize at 100, and pages a list by 20 when the call names no pageSize, as BK-CI', async () => {
    const capped = await request(gateway).get(LIST_FORMS[1]).query({ pageSize: 500 }).set(member);
    expect(capped.status).toBe(200);
    expect(capped.body.data).toMatchObject({ count: 3, page: 1, pageSize: 100, totalPages: 1 });
    const unnamed = await request(gateway).get(LIST_FORMS[0]).set(member);
    expect(unnamed.body.data).toMatchObject({ count: 3, page: 1, pageSize: 20 });
    const console = await request(gateway).get(`/ms/process/api/user/pipelines/${PROJECT}`).set(member);
    expect(console.body.data.pageSize).toBe(10);
  });

  it('lets any signed-in user create a project by default (BK-CI’s default)', async () => {
    const created = await request(gateway).post('/ms/process/api/user/projects').set(member).send({ projectName: 'Fern’s', englishName: 'ferns' });
    expect(created.status).toBe(201);
    expect(created.body.data).toMatchObject({ englishName: 'ferns', creator: 'fern' });
  });
});

describe('BKCI_PROJECT_CREATORS=admins', () => {
  const env = new TestEnvironment({ BKCI_PROJECT_CREATORS: 'admins' });
  let gateway: string;

  beforeAll(async () => {
    await env.start(processApp);
    gateway = (await env.start(openapiApp)).url;
    expect((await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Home', englishName: 'home' })).status).toBe(201);
  });

  afterAll(() => env.close());

  it('refuses a project to anyone but an administrator, saying who may create one', async () => {
    const member = await memberToken(gateway, 'home', 'mona', 'manager');
    const refused = await request(gateway).post('/ms/process/api/user/projects').set(member).send({ projectName: 'Mona’s', englishName: 'monas' });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({ status: 2119008, message: expect.stringContaining('Only administrators may create projects'), data: null });
    expect((await request(gateway).get('/ms/process/api/user/projects/monas').set(ADMIN)).status).toBe(404);

    const byAdmin = await request(gateway).post('/ms/process/api/user/projects').set(ADMIN).send({ projectName: 'Mona’s', englishName: 'monas' });
    expect(byAdmin.status).toBe(201);
  });
});

describe('BKCI_PROJECT_CREATORS with another value', () => {
  const env = new TestEnvironment({ BKCI_PROJECT_CREATORS: 'managers' });

  afterAll(() => env.close());

  it('stops process at boot, naming the setting', async () => {
    const boot = env.start(processApp);
    await expect(boot).rejects.toThrow(ConfigError);
    await expect(boot).rejects.toThrow('BKCI_PROJECT_CREATORS must be one of everyone, admins (got "managers")');
  });
});
