import type { OpenAPIObject } from '@nestjs/swagger';
import type { DescribedV4Call } from '../gateway/v4/openapi-v4-routes';
import { buildPublicDocument } from './public-document';

const ok = { '200': { description: '' } };

function appDocument(paths: OpenAPIObject['paths'], schemas: Record<string, object> = {}): OpenAPIObject {
  return { openapi: '3.0.0', info: { title: 't', version: '1' }, paths, components: { schemas } };
}

const logRead: DescribedV4Call = {
  method: 'GET',
  path: '/projects/{projectId}/logs/more_logs',
  summary: 'more',
  query: { pipelineId: true, buildId: true },
  renamedQuery: { containerHashId: 'jobId', jobId: 'userJobId' },
  servedBy: { app: 'log', method: 'GET', path: '/api/user/logs/{projectId}/{pipelineId}/{buildId}/more' },
};

describe('buildPublicDocument', () => {
  const log = appDocument({
    '/api/user/logs/{projectId}/{pipelineId}/{buildId}/more': {
      get: {
        operationId: 'UserLogController_more',
        parameters: [
          { name: 'projectId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'pipelineId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'buildId', in: 'path', required: true, schema: { type: 'string' } },
          { name: 'jobId', in: 'query', required: false, description: 'container', schema: { type: 'string' } },
          { name: 'userJobId', in: 'query', required: false, description: 'yaml job', schema: { type: 'string' } },
          { name: 'start', in: 'query', required: true, schema: { type: 'integer' } },
        ],
        responses: { '200': { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/Lines' } } } } },
      },
    },
    '/api/service/logs/{projectId}': { get: { operationId: 'ServiceLogController_read', responses: ok } },
    '/api/health': { get: { operationId: 'HealthController_health', responses: ok } },
  }, { Lines: { type: 'object', properties: { lines: { type: 'array' } } } });

  it('keeps user routes only, under /ms/<app>, answers inside the envelope', () => {
    const document = buildPublicDocument([{ app: 'log', document: log }], []);
    expect(Object.keys(document.paths)).toEqual(['/ms/log/api/user/logs/{projectId}/{pipelineId}/{buildId}/more']);
    const answer = document.paths['/ms/log/api/user/logs/{projectId}/{pipelineId}/{buildId}/more'].get?.responses['200'];
    expect(answer).toMatchObject({
      content: { 'application/json': { schema: { properties: { status: { type: 'integer' }, data: { $ref: '#/components/schemas/Lines' } } } } },
    });
  });

  it('renames a schema another app named differently, and prefixes an operation id another app took', () => {
    const other = appDocument({
      '/api/user/x': { get: { operationId: 'UserLogController_more', responses: { '200': { description: '', content: { 'application/json': { schema: { $ref: '#/components/schemas/Lines' } } } } } } },
    }, { Lines: { type: 'string' } });
    const document = buildPublicDocument([{ app: 'log', document: log }, { app: 'notify', document: other }], []);
    expect(document.components?.schemas?.Lines).toEqual({ type: 'object', properties: { lines: { type: 'array' } } });
    expect(document.components?.schemas?.NotifyLines).toEqual({ type: 'string' });
    const operation = document.paths['/ms/notify/api/user/x'].get;
    expect(operation?.operationId).toBe('notify_UserLogController_more');
    expect(JSON.stringify(operation?.responses)).toContain('#/components/schemas/NotifyLines');
  });

  it('documents a v4 call with its own query, the user route\'s passed through under v4\'s names, and the route\'s answer', () => {
    const document = buildPublicDocument([{ app: 'log', document: log }], [logRead]);
    for (const mode of ['apigw-user', 'apigw-app']) {
      const call = document.paths[`/ms/openapi/api/${mode}/v4/projects/{projectId}/logs/more_logs`].get;
      expect(call?.operationId).toBe(mode === 'apigw-user' ? 'v4user_get_logs_more_logs' : 'v4app_get_logs_more_logs');
      expect(call?.parameters?.map((p) => ('name' in p ? `${p.in}:${p.name}:${String(p.required)}` : ''))).toEqual([
        'path:projectId:true',
        'query:pipelineId:true',
        'query:buildId:true',
        'query:containerHashId:false',
        'query:jobId:false',
        'query:start:true',
      ]);
      expect(call?.parameters?.find((p) => 'name' in p && p.name === 'jobId')).toMatchObject({ description: 'yaml job' });
      expect(call?.responses).toEqual(document.paths['/ms/log/api/user/logs/{projectId}/{pipelineId}/{buildId}/more'].get?.responses);
    }
  });

  it('refuses a v4 call whose user route the app does not document', () => {
    expect(() => buildPublicDocument([{ app: 'log', document: log }], [{ ...logRead, servedBy: { ...logRead.servedBy, path: '/api/user/logs/gone' } }])).toThrow(
      'v4 GET /projects/{projectId}/logs/more_logs is served by GET /api/user/logs/gone, which the log document does not have',
    );
  });
});
