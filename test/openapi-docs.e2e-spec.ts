import request from 'supertest';
import { TestEnvironment } from '@bkci/testing';
import { ALL_APPS } from '../apps/standalone/src/all-apps';
import { describeV4Calls } from '../apps/openapi/src/gateway/v4/openapi-v4-routes';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: unknown;
  responses: Record<string, { content?: Record<string, { schema: { properties: Record<string, unknown> } }> }>;
}
type Paths = Record<string, Record<string, Operation>>;

const V4 = '/ms/openapi/api/apigw-user/v4';

describe('the public API document at /docs/openapi.json', () => {
  const env = new TestEnvironment();
  let gateway: string;
  let paths: Paths;
  let document: { components: { securitySchemes: Record<string, unknown> }; security: unknown[]; paths: Paths };

  const query = (path: string, method: string) => {
    const operation = paths[path]?.[method];
    if (!operation) throw new Error(`${method} ${path} is not documented`);
    return Object.fromEntries((operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => [p.name, p.required ?? false]));
  };

  beforeAll(async () => {
    for (const definition of ALL_APPS) gateway = (await env.start(definition)).url;
    const response = await request(gateway).get('/docs/openapi.json');
    expect(response.status).toBe(200);
    document = response.body;
    paths = document.paths;
  });

  afterAll(() => env.close());

  it('is served without a token and asks for a bearer token on the calls', () => {
    expect(document.components.securitySchemes.bearer).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(document.security).toEqual([{ bearer: [] }]);
  });

  it('has the user routes of every app as called through the gateway, and no service, build, agent or op route', () => {
    for (const app of ['openapi', 'process', 'ticket', 'environment', 'log']) {
      expect(Object.keys(paths).some((path) => path.startsWith(`/ms/${app}/api/user/`))).toBe(true);
    }
    expect(paths['/ms/openapi/api/user/tokens']?.post).toBeDefined();
    expect(paths['/ms/openapi/api/apigw-app/v4/auth/oauth2/endpoint/getAccessToken']?.post).toBeDefined();
    expect(paths['/ms/openapi/api/desktop/oauth2/endpoint/getAuthorizationCode']?.post).toBeDefined();
    const hidden = Object.keys(paths).filter((path) => !/^\/ms\/[a-z]+\/api\/(user|desktop|apigw-user|apigw-app)\//.test(path));
    expect(hidden).toEqual([]);
  });

  it('has every v4 call in user and app mode, build_start among them', () => {
    for (const call of describeV4Calls()) {
      for (const mode of ['apigw-user', 'apigw-app']) {
        expect(paths[`/ms/openapi/api/${mode}/v4${call.path}`]?.[call.method.toLowerCase()]).toBeDefined();
      }
    }
    const start = paths[`${V4}/projects/{projectId}/build_start`].post;
    expect(start.operationId).toBe('v4user_post_build_start');
    expect(query(`${V4}/projects/{projectId}/build_start`, 'post')).toEqual({ pipelineId: true, buildNo: false, version: false });
    expect(start.requestBody).toBeDefined();
    const answer = start.responses['200'].content?.['application/json'].schema;
    expect(Object.keys(answer?.properties ?? {})).toEqual(['status', 'message', 'data']);
    expect(answer?.properties.data).toEqual(expect.objectContaining({ properties: expect.objectContaining({ id: expect.anything() }) }));
  });

  it('names every operation once', () => {
    const ids = Object.values(paths).flatMap((item) => Object.values(item).map((operation) => operation.operationId));
    expect(ids.every((id) => typeof id === 'string' && id !== '')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares every parameter its paths name, so a client can fill them in', () => {
    const undeclared: string[] = [];
    for (const [path, item] of Object.entries(paths)) {
      const named = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
      for (const [method, operation] of Object.entries(item)) {
        const declared = new Set((operation.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name));
        for (const name of named) if (!declared.has(name)) undeclared.push(`${method} ${path}: ${name}`);
      }
    }
    expect(Object.keys(paths).length).toBeGreaterThan(200);
    expect(undeclared).toEqual([]);
  });

  it('states the query parameters of the routes that take them', () => {
    expect(query('/ms/process/api/user/pipeline/template/v2/{projectId}/saveDraft', 'put')).toEqual(expect.objectContaining({ templateId: false }));
    for (const list of ['/ms/process/api/user/pipelines/{projectId}', '/ms/ticket/api/user/credentials/{projectId}', '/ms/process/api/user/builds/{projectId}/{pipelineId}/history']) {
      expect(query(list, 'get')).toEqual(expect.objectContaining({ page: false, pageSize: false }));
    }
    expect(query(`${V4}/projects/{projectId}/pipelines/pipeline_list`, 'get')).toEqual(expect.objectContaining({ page: false, pageSize: false }));
    expect(query(`${V4}/projects/{projectId}/templates/template_detail`, 'get')).toEqual({ templateId: true, version: false, versionName: false });
    // v4 names the container hash id `containerHashId` and the YAML job id `jobId`; the user route `jobId` and `userJobId`.
    expect(query(`${V4}/projects/{projectId}/logs/more_logs`, 'get')).toEqual(
      expect.objectContaining({ pipelineId: true, buildId: true, containerHashId: false, jobId: false, start: true, end: true }),
    );
    expect(query(`${V4}/projects/{projectId}/logs/more_logs`, 'get')).not.toHaveProperty('userJobId');
  });
});
