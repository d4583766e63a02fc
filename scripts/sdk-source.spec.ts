import type { OpenAPIObject, OperationObject } from '@nestjs/swagger';
import { generateSdkSource } from './sdk-source';

const envelope = (data: object) => ({
  '200': { description: '', content: { 'application/json': { schema: { type: 'object', properties: { status: { type: 'integer' }, message: { type: 'string' }, data } } } } },
});

function documentOf(paths: Record<string, Record<string, OperationObject>>, schemas: Record<string, object> = {}): OpenAPIObject {
  return { openapi: '3.0.3', info: { title: 't', version: '1' }, paths, components: { schemas } };
}

describe('generateSdkSource', () => {
  const document = documentOf(
    {
      '/ms/process/api/user/builds/{projectId}/{pipelineId}/history': {
        get: {
          operationId: 'UserBuildController_history[0]',
          summary: 'List builds',
          parameters: [
            { name: 'projectId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'pipelineId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'page', in: 'query', required: false, schema: { type: 'integer' } },
            { name: 'X-Trace', in: 'header', required: false, schema: { type: 'string' } },
          ],
          responses: envelope({ $ref: '#/components/schemas/Page' }),
        },
      },
      '/ms/openapi/api/user/tokens': {
        get: { operationId: 'TokenController_list', parameters: [{ name: 'page', in: 'query', schema: { type: 'integer' } }], responses: envelope({}) },
      },
      '/ms/ticket/api/user/certs/{certId}': {
        post: {
          operationId: 'UserCertificateController_create',
          parameters: [{ name: 'certId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object' } } } },
          responses: { '201': { description: '', content: { 'text/plain': {} } } },
        },
      },
    },
    { Page: { type: 'object', required: ['count'], properties: { count: { type: 'integer' }, status: { type: 'string', enum: ['A', "B'C"], nullable: true } } } },
  );

  it('writes one method per operation, sorted, named from the operationId without `Controller`', () => {
    const client = generateSdkSource(document)['client.ts'];
    const names = [...client.matchAll(/^ {2}(\w+)\(/gm)].map(([, name]) => name);
    expect(names).toEqual(['tokenList', 'userBuildHistory0', 'userCertificateCreate']);
  });

  it('types path, query and header parameters, required or not, and where each goes', () => {
    const client = generateSdkSource(document)['client.ts'];
    expect(client).toContain(
      "  userBuildHistory0(params: { projectId: string; pipelineId: string; page?: number; 'X-Trace'?: string }): Promise<Page> {\n" +
        "    return this.call({ method: 'GET', path: '/ms/process/api/user/builds/{projectId}/{pipelineId}/history', params, query: ['page'], headers: ['X-Trace'] });",
    );
    // Nothing required: the parameters may be left out.
    expect(client).toContain('  tokenList(params: { page?: number } = {}): Promise<unknown> {');
    expect(client).toContain("import type { Page } from './types';");
  });

  it('sends a multipart body as FormData and answers a body that is not JSON as text', () => {
    expect(generateSdkSource(document)['client.ts']).toContain(
      "  userCertificateCreate(params: { certId: string }, body: FormData): Promise<string> {\n" +
        "    return this.call({ method: 'POST', path: '/ms/ticket/api/user/certs/{certId}', params, body, form: true });",
    );
  });

  it('writes a type per schema, with required, optional and nullable fields', () => {
    expect(generateSdkSource(document)['types.ts']).toContain("export type Page = {\n  count: number;\n  status?: 'A' | 'B\\'C' | null;\n};\n");
  });

  it('refuses two operations that would have the same method', () => {
    const twice = documentOf({
      '/a': { get: { operationId: 'AController_read', responses: {} } },
      '/b': { get: { operationId: 'A_read', responses: {} } },
    });
    expect(() => generateSdkSource(twice)).toThrow('GET /b and GET /a would both have a method named aRead');
  });
});
