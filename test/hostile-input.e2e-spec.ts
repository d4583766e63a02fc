import { Logger } from '@nestjs/common';
import { request as httpRequest } from 'node:http';
import { TEST_ADMIN_TOKEN, TestEnvironment } from '@bkci/testing';
import { DataSource } from 'typeorm';
import { openapiApp } from '../apps/openapi/src/openapi.app';
import { processApp } from '../apps/process/src/process.app';
import { CredentialAuditEntity } from '../apps/ticket/src/credentials/entities/credential-audit.entity';
import { ticketApp } from '../apps/ticket/src/ticket.app';

const ADMIN = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
const JSON_TYPE = { 'content-type': 'application/json' };
const PROJECT = 'hostile';
const TEMPLATES = `/ms/process/api/user/pipeline/template/v2/${PROJECT}`;
const CREDENTIALS = `/ms/ticket/api/user/credentials/${PROJECT}`;
const V4 = `/ms/openapi/api/apigw-user/v4/projects/${PROJECT}`;
const SERVICE_PATH = 'auth/permission/projects/hostile/validate?userId=admin&action=project_view';
/** What the loopback address looks like to a server, depending on how the socket was opened. */
const LOOPBACK = ['127.0.0.1', '::ffff:127.0.0.1', '::1'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { status: number; message: string | null; data: unknown };
}

interface Sent {
  method?: string;
  /** Sent exactly as written: no client-side normalising or escaping. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/**
 * One hostile request and what it must get: its 4xx, the stable code in the envelope, and
 * optionally words the message must contain. Add a row here for each new kind of hostile input.
 */
interface HostileCase {
  name: string;
  request: Sent;
  status: number;
  code: number;
  message?: RegExp;
}

const nested = (depth: number) => `{"type":"PIPELINE","name":"deep","extra":${'['.repeat(depth)}${']'.repeat(depth)}}`;
/** A v3.0 pipeline whose `refs` list uses one anchor `aliases` times (48 KB at 16,000). */
const aliasBomb = (aliases: number) =>
  `version: v3.0\nname: bomb\nanchor: &a { k: v }\nsteps:\n  - run: echo\nrefs: [${Array.from({ length: aliases }, () => '*a').join(', ')}]\n`;
/** A v3.0 pipeline that uses `count` step templates. */
const templateReferences = (count: number) =>
  `version: v3.0\nname: many\nsteps:\n${Array.from({ length: count }, (_, i) => `  - template: steps/s${i}.yml\n`).join('')}`;
const yamlBody = (yaml: string) => JSON.stringify({ templateType: 'PIPELINE', yaml });
const credential = (credentialId: string) => JSON.stringify({ credentialId, credentialType: 'PASSWORD', v1: 'secret' });

const CASES: HostileCase[] = [
  {
    name: 'a 50 MB body',
    request: { method: 'POST', path: `${TEMPLATES}/create`, headers: { ...ADMIN, ...JSON_TYPE }, body: Buffer.alloc(50 * 1024 * 1024, ' ') },
    status: 413,
    code: 2100010,
  },
  {
    name: 'a 50 MB body sent in chunks, without a length',
    request: { method: 'POST', path: `${TEMPLATES}/create`, headers: { ...ADMIN, ...JSON_TYPE, 'transfer-encoding': 'chunked' }, body: Buffer.alloc(50 * 1024 * 1024, ' ') },
    status: 413,
    code: 2100010,
  },
  {
    name: 'a JSON body in latin1',
    request: { method: 'POST', path: CREDENTIALS, headers: { ...ADMIN, 'content-type': 'application/json; charset=latin1' }, body: credential('latin1') },
    status: 415,
    code: 2100011,
    message: /LATIN1/,
  },
  {
    name: 'content-encoding gzip on a plain body',
    request: { method: 'POST', path: CREDENTIALS, headers: { ...ADMIN, ...JSON_TYPE, 'content-encoding': 'gzip' }, body: credential('gzip') },
    status: 400,
    code: 2100004,
  },
  {
    name: 'a JSON body that is not JSON',
    request: { method: 'POST', path: CREDENTIALS, headers: { ...ADMIN, ...JSON_TYPE }, body: '{"credentialId": ' },
    status: 400,
    code: 2100004,
  },
  {
    name: 'JSON nested 2,000 deep',
    request: { method: 'POST', path: `${TEMPLATES}/create`, headers: { ...ADMIN, ...JSON_TYPE }, body: nested(2000) },
    status: 400,
    code: 2100004,
    message: /nested/,
  },
  {
    name: 'JSON nested 2,000 deep to the gateway itself',
    request: { method: 'POST', path: '/ms/openapi/api/op/users/mallory/tokens', headers: { ...ADMIN, ...JSON_TYPE }, body: `{"name":${'['.repeat(2000)}${']'.repeat(2000)}}` },
    status: 400,
    code: 2100004,
    message: /nested/,
  },
  {
    name: 'a page number beyond any page',
    request: { path: `${CREDENTIALS}?page=1000000000000000000`, headers: ADMIN },
    status: 400,
    code: 2100004,
    message: /page/,
  },
  {
    name: 'a page number beyond any page, through v4',
    request: { path: `${V4}/templates?page=1000000000000000000`, headers: ADMIN },
    status: 400,
    code: 2100004,
    message: /page/,
  },
  {
    name: 'a query parameter repeated where one value is expected',
    request: { method: 'PUT', path: `${TEMPLATES}/saveDraft?templateId=a&templateId=b`, headers: { ...ADMIN, ...JSON_TYPE }, body: '{"type":"PIPELINE","model":{}}' },
    status: 400,
    code: 2100004,
    message: /templateId/,
  },
  {
    name: 'a repeated query parameter of a query DTO',
    request: { path: `${CREDENTIALS}?keyword=a&keyword=b`, headers: ADMIN },
    status: 400,
    code: 2100004,
    message: /keyword/,
  },
  {
    name: 'a malformed %-escape in a v4 path, anonymously',
    request: { path: `${V4.replace(PROJECT, '%E0%A4%A')}/templates` },
    status: 400,
    code: 2100004,
    message: /escape/,
  },
  {
    name: 'a malformed %-escape in an app path',
    request: { path: '/ms/process/api/user/projects/%zz', headers: ADMIN },
    status: 400,
    code: 2100004,
    message: /escape/,
  },
  {
    name: 'a 48 KB YAML using one anchor 16,000 times, to transfer',
    request: { method: 'POST', path: `${TEMPLATES}/transfer?storageType=YAML`, headers: { ...ADMIN, ...JSON_TYPE }, body: yamlBody(aliasBomb(16_000)) },
    status: 400,
    code: 2101818,
    message: /alias/i,
  },
  {
    name: 'a 48 KB YAML using one anchor 16,000 times, as a draft',
    request: { method: 'PUT', path: `${TEMPLATES}/saveDraft`, headers: { ...ADMIN, ...JSON_TYPE }, body: JSON.stringify({ type: 'PIPELINE', storageType: 'YAML', name: 'bomb', yaml: aliasBomb(16_000) }) },
    status: 400,
    code: 2101818,
    message: /alias/i,
  },
  {
    name: 'a 500 KB YAML of aliases, to transfer',
    request: { method: 'POST', path: `${TEMPLATES}/transfer?storageType=YAML`, headers: { ...ADMIN, ...JSON_TYPE }, body: yamlBody(aliasBomb(160_000)) },
    status: 400,
    code: 2101818,
    message: /alias/i,
  },
  {
    name: 'a v3.0 YAML with 10,000 template references, to transfer',
    request: { method: 'POST', path: `${TEMPLATES}/transfer?storageType=YAML`, headers: { ...ADMIN, ...JSON_TYPE }, body: yamlBody(templateReferences(10_000)) },
    status: 400,
    code: 2101808,
  },
  ...[
    '/ms/process/API/service/',
    '/ms/process/api/SERVICE/',
    '/ms/process//api//service/',
    '/ms/process/api/./service/',
    '/ms/process/api/x/../service/',
    '/ms/process/api%2Fservice/',
    '/ms/process/api/%73ervice/',
    '/ms/process/api/service%2F',
  ].map((prefix) => ({
    name: `a service API as ${prefix}`,
    request: { path: `${prefix}${SERVICE_PATH}`, headers: ADMIN },
    status: 403,
    code: 2100006,
    // The gateway's own refusal, not the app's guard behind it.
    message: /not reachable from outside/,
  })),
];

function send(gateway: string, sent: Sent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(`${gateway}${sent.path}`, { method: sent.method ?? 'GET', headers: sent.headers }, (incoming) => {
      const chunks: Buffer[] = [];
      incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
      incoming.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        try {
          resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: JSON.parse(text) });
        } catch {
          reject(new Error(`${sent.path} answered ${incoming.statusCode} without JSON: ${text.slice(0, 200)}`));
        }
      });
    });
    outgoing.on('error', reject);
    outgoing.end(sent.body);
  });
}

describe('hostile input through the gateway', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let ticketData: DataSource;
  const logged: string[] = [];
  const get = (path: string) => send(gateway, { path, headers: ADMIN });
  const post = (path: string, body: unknown) => send(gateway, { method: 'POST', path, headers: { ...ADMIN, ...JSON_TYPE }, body: JSON.stringify(body) });

  /** What a hostile request must not change. */
  async function snapshot() {
    const templates = await post(`${TEMPLATES}/list`, { pageSize: 100 });
    const credentials = await get(`${CREDENTIALS}?pageSize=100`);
    const tokens = await get('/ms/openapi/api/op/users/mallory/tokens');
    return { templates: templates.body.data, credentials: credentials.body.data, tokens: tokens.body.data };
  }

  beforeAll(async () => {
    await env.start(processApp);
    ticketData = (await env.start(ticketApp)).app.get(DataSource);
    gateway = (await env.start(openapiApp)).url;
    expect((await post('/ms/process/api/user/projects', { projectName: 'Hostile', englishName: PROJECT })).status).toBe(201);
    expect((await post(`${TEMPLATES}/create`, { type: 'PIPELINE', name: 'existing' })).status).toBe(201);
    expect((await post(CREDENTIALS, JSON.parse(credential('existing')))).status).toBe(201);
    jest.spyOn(Logger.prototype, 'error').mockImplementation((message: unknown) => void logged.push(String(message)));
  });

  afterAll(async () => {
    jest.restoreAllMocks();
    await env.close();
  });

  it.each(CASES)('refuses $name with a 4xx, changes nothing and keeps answering', async (hostile) => {
    const before = await snapshot();
    logged.length = 0;
    const [answer, health] = await Promise.all([send(gateway, hostile.request), get('/ms/process/api/health')]);

    expect({ status: answer.status, code: answer.body.status }).toEqual({ status: hostile.status, code: hostile.code });
    expect(answer.body.message).toEqual(expect.any(String));
    if (hostile.message) expect(answer.body.message).toMatch(hostile.message);
    expect(answer.body.message).not.toMatch(/internal error/i);
    expect(health.status).toBe(200);
    expect(logged).toEqual([]);
    expect(await snapshot()).toEqual(before);
  });

  describe('searches', () => {
    const names = (page: Answer) => (page.body.data as { records: Array<{ name?: string; credentialName?: string }> }).records.map((row) => row.name ?? row.credentialName).sort();

    it('treats %, _ and ! in a template name search as themselves', async () => {
      for (const name of ['100% done', '100x done', 'a_b', 'axb', 'a!b']) expect((await post(`${TEMPLATES}/create`, { type: 'PIPELINE', name })).status).toBe(201);

      expect(names(await post(`${TEMPLATES}/list`, { fuzzySearchName: '0%' }))).toEqual(['100% done']);
      expect(names(await post(`${TEMPLATES}/list`, { fuzzySearchName: 'a_b' }))).toEqual(['a_b']);
      // The escape character itself is taken literally too.
      expect(names(await post(`${TEMPLATES}/list`, { fuzzySearchName: '!b' }))).toEqual(['a!b']);
      expect(names(await post(`${TEMPLATES}/list`, { fuzzySearchName: '0x' }))).toEqual(['100x done']);
    });

    it('treats % and _ in a credential keyword search as themselves', async () => {
      for (const [credentialId, credentialName] of [['c1', 'a_b'], ['c2', 'axb']]) {
        expect((await post(CREDENTIALS, { credentialId, credentialName, credentialType: 'PASSWORD', v1: 'x' })).status).toBe(201);
      }

      expect(names(await get(`${CREDENTIALS}?keyword=a_b`))).toEqual(['a_b']);
      expect(names(await get(`${CREDENTIALS}?keyword=%25`))).toEqual([]);
      expect(names(await get(`${CREDENTIALS}?keyword=xb`))).toEqual(['axb']);
    });
  });

  describe('the audit trail', () => {
    const FORGED = { ...ADMIN, 'x-forwarded-for': '6.6.6.6', 'x-devops-rid': 'forged' };

    async function showAudited(via: string, credentialId: string): Promise<{ answer: Answer; audit: CredentialAuditEntity }> {
      expect((await send(via, { method: 'POST', path: CREDENTIALS, headers: { ...ADMIN, ...JSON_TYPE }, body: credential(credentialId) })).status).toBe(201);
      const answer = await send(via, { path: `${CREDENTIALS}/${credentialId}/show`, headers: FORGED });
      expect(answer.status).toBe(200);
      const audits = await ticketData.getRepository(CredentialAuditEntity).findBy({ projectId: PROJECT, credentialId });
      expect(audits).toHaveLength(1);
      return { answer, audit: audits[0] };
    }

    it('records the address the gateway saw and the request id it minted, not what the client claims', async () => {
      const { answer, audit } = await showAudited(gateway, 'audited');

      expect(LOOPBACK).toContain(audit.clientIp);
      expect(audit.requestId).toMatch(UUID);
      expect(answer.headers['x-devops-rid']).toBe(audit.requestId);
    });

    it('honours X-Forwarded-For from a configured proxy, and still mints the request id', async () => {
      env.env.BKCI_TRUSTED_PROXIES = '127.0.0.0/8, ::1, ::ffff:127.0.0.1';
      const behindProxy = (await env.start(openapiApp)).url;

      const { answer, audit } = await showAudited(behindProxy, 'proxied');

      expect(audit.clientIp).toBe('6.6.6.6');
      expect(audit.requestId).toMatch(UUID);
      expect(answer.headers['x-devops-rid']).toBe(audit.requestId);
    });
  });
});
