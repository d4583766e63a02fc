import type { OpenAPIObject, OperationObject, ParameterObject, PathItemObject, ReferenceObject, ResponseObject, SchemaObject } from '@nestjs/swagger';
import type { AppName } from '@bkci/config';
import type { DescribedV4Call } from '../gateway/v4/openapi-v4-routes';

/** One app's own OpenAPI document, as it serves it at `/api/docs-json` (paths under `/api/...`). */
export interface AppDocument {
  app: AppName;
  document: OpenAPIObject;
}

/** The two modes a v4 call is documented in; the legacy `apigw` spelling works too but is not shown. */
const V4_MODES = [
  { mode: 'apigw-user', tag: 'v4 (apigw-user)', idPrefix: 'v4user' },
  { mode: 'apigw-app', tag: 'v4 (apigw-app)', idPrefix: 'v4app' },
] as const;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;
type Method = (typeof METHODS)[number];

const SCHEMA_REF = '#/components/schemas/';
/**
 * What a client may call: user routes, and the gateway's OAuth2 endpoints (the user's approval
 * under `desktop`, the token endpoint in BK-CI's user and app modes).
 */
const PUBLIC_PATH = /^\/api\/(user|desktop)(\/|$)|^\/api\/apigw-(user|app)\/v4\/auth\/oauth2\//;
const ERROR_RESPONSE: ReferenceObject = { $ref: '#/components/responses/Error' };

/**
 * The one document of every public route: each app's user routes as a client calls them through
 * the gateway (`/ms/<app>/api/user/...`), and BK-CI's v4 calls in user and app mode, each taking
 * its body and answer from the user route it is served by. Answers are shown inside the
 * `{status, message, data}` envelope every app wraps them in.
 */
export function buildPublicDocument(apps: AppDocument[], v4Calls: DescribedV4Call[]): OpenAPIObject {
  const schemas: Record<string, SchemaObject | ReferenceObject> = {};
  const paths: Record<string, PathItemObject> = {};
  const operationIds = new Set<string>();

  for (const { app, document } of apps) {
    const renamed = schemaRenames(app, document, schemas);
    const own = rewriteRefs(document, renamed);
    for (const [name, schema] of Object.entries(own.components?.schemas ?? {})) schemas[renamed[name] ?? name] = schema;
    for (const [path, item] of Object.entries(own.paths)) {
      if (!PUBLIC_PATH.test(path)) continue;
      const publicItem: PathItemObject = {};
      for (const method of METHODS) {
        const operation = item[method];
        if (!operation) continue;
        publicItem[method] = {
          ...operation,
          operationId: uniqueOperationId(operationIds, operation.operationId ?? `${method}_${path}`, app),
          tags: operation.tags?.length ? operation.tags : [app],
          responses: enveloped(operation.responses),
        };
      }
      paths[`/ms/${app}${path}`] = publicItem;
    }
  }

  for (const call of v4Calls) {
    const servedBy = paths[`/ms/${call.servedBy.app}${call.servedBy.path}`]?.[call.servedBy.method.toLowerCase() as Method];
    if (!servedBy) {
      throw new Error(`v4 ${call.method} ${call.path} is served by ${call.servedBy.method} ${call.servedBy.path}, which the ${call.servedBy.app} document does not have`);
    }
    for (const { mode, tag, idPrefix } of V4_MODES) {
      const path = `/ms/openapi/api/${mode}/v4${call.path}`;
      paths[path] ??= {};
      paths[path][call.method.toLowerCase() as Method] = {
        operationId: uniqueOperationId(operationIds, `${idPrefix}_${call.method.toLowerCase()}_${slugOf(call.path)}`, 'openapi'),
        summary: call.summary,
        description: `BK-CI OpenAPI v4, ${mode === 'apigw-user' ? 'user mode' : 'app mode'}. Served by \`${call.servedBy.method} /ms/${call.servedBy.app}${call.servedBy.path}\`.`,
        tags: [tag],
        parameters: v4Parameters(call, servedBy),
        ...(servedBy.requestBody ? { requestBody: servedBy.requestBody } : {}),
        responses: servedBy.responses,
      };
    }
  }

  return {
    openapi: '3.0.3',
    info: {
      title: 'bkci-ts API',
      version: '1',
      description:
        'Every public route, called through the gateway with `Authorization: Bearer <token>` (a personal access token). ' +
        'Each answer is the envelope `{status, message, data}`: `status` 0 on success, otherwise a stable error code.',
    },
    paths,
    components: {
      schemas: { ...schemas, ErrorEnvelope: ERROR_ENVELOPE },
      responses: { Error: { description: 'Refused: `status` is the error code, `message` says what to fix', content: { 'application/json': { schema: { $ref: `${SCHEMA_REF}ErrorEnvelope` } } } } },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'A personal access token' } },
    },
    security: [{ bearer: [] }],
  };
}

/** User routes only: not service, build, agent or operator routes, nor an app's health and docs. */
/** Schemas of `app` whose name another app already gave a different schema are renamed `<App><Name>`. */
function schemaRenames(app: AppName, document: OpenAPIObject, taken: Record<string, unknown>): Record<string, string> {
  const renamed: Record<string, string> = {};
  for (const [name, schema] of Object.entries(document.components?.schemas ?? {})) {
    if (Object.hasOwn(taken, name) && JSON.stringify(taken[name]) !== JSON.stringify(schema)) renamed[name] = `${app[0].toUpperCase()}${app.slice(1)}${name}`;
  }
  return renamed;
}

function rewriteRefs<T>(value: T, renamed: Record<string, string>): T {
  if (Object.keys(renamed).length === 0) return value;
  return JSON.parse(JSON.stringify(value), (key, found: unknown) => {
    if (key !== '$ref' || typeof found !== 'string' || !found.startsWith(SCHEMA_REF)) return found;
    const name = found.slice(SCHEMA_REF.length);
    return `${SCHEMA_REF}${renamed[name] ?? name}`;
  }) as T;
}

/** Nest names an operation `<Controller>_<method>`; two apps may share one, so the later is prefixed with its app. */
function uniqueOperationId(taken: Set<string>, wanted: string, app: AppName): string {
  const id = taken.has(wanted) ? `${app}_${wanted}` : wanted;
  if (taken.has(id)) throw new Error(`Two public operations are both named ${id}`);
  taken.add(id);
  return id;
}

/** `/environment/projects/{projectId}/envs/{envHashId}/nodes_list` → `environment_envs_envHashId_nodes_list`. */
function slugOf(path: string): string {
  return path.replace('/projects/{projectId}', '').replace(/[{}]/g, '').split('/').filter((part) => part !== '').join('_');
}

/** The 2xx answers inside the envelope; a JSON answer with no declared schema is shown with any `data`. */
function enveloped(responses: OperationObject['responses']): OperationObject['responses'] {
  const wrapped: OperationObject['responses'] = { default: ERROR_RESPONSE };
  for (const [status, response] of Object.entries(responses)) {
    if (!response || '$ref' in response || !/^2\d\d$/.test(status)) {
      if (response) wrapped[status] = response;
      continue;
    }
    const content = response.content ?? { 'application/json': {} };
    const json = content['application/json'];
    wrapped[status] = {
      ...response,
      description: response.description || 'Done',
      content: json ? { ...content, 'application/json': { ...json, schema: envelopeOf(json.schema ?? {}) } } : content,
    } satisfies ResponseObject;
  }
  return wrapped;
}

function envelopeOf(data: SchemaObject | ReferenceObject): SchemaObject {
  return {
    type: 'object',
    required: ['status', 'message', 'data'],
    properties: { status: { type: 'integer', example: 0 }, message: { type: 'string', nullable: true }, data },
  };
}

const ERROR_ENVELOPE: SchemaObject = {
  type: 'object',
  required: ['status', 'message', 'data'],
  properties: {
    status: { type: 'integer', description: 'The error code (BK-CI 21MMNNN scheme)', example: 2100004 },
    message: { type: 'string', description: 'What went wrong and what to fix' },
    data: { nullable: true },
  },
};

/**
 * The v4 call's parameters: its path parameters, the query parameters it takes itself (described
 * as the user route describes them, where it has them), then the user route's own query
 * parameters, which pass through, under v4's names where v4 renames them.
 */
function v4Parameters(call: DescribedV4Call, servedBy: OperationObject): ParameterObject[] {
  const userParameters = (servedBy.parameters ?? []).filter((parameter): parameter is ParameterObject => !('$ref' in parameter));
  const userParameter = (name: string) => userParameters.find((parameter) => parameter.name === name);
  const renamed = call.renamedQuery ?? {};
  const parameters: ParameterObject[] = [...call.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => ({
    name,
    in: 'path',
    required: true,
    schema: userParameter(name)?.schema ?? { type: 'string' },
  }));
  for (const [name, required] of Object.entries(call.query)) {
    const source = userParameter(renamed[name] ?? name);
    parameters.push({ ...(source ?? { schema: { type: 'string' } }), name, in: 'query', required });
  }
  const named = new Set(parameters.map((parameter) => parameter.name));
  for (const [name, userName] of Object.entries(renamed)) {
    const source = userParameters.find((parameter) => parameter.in === 'query' && parameter.name === userName);
    if (source && !named.has(name)) parameters.push({ ...source, name });
    named.add(name);
  }
  const moved = new Set(Object.values(renamed));
  for (const parameter of userParameters) {
    if (parameter.in === 'query' && !named.has(parameter.name) && !moved.has(parameter.name)) parameters.push(parameter);
  }
  return parameters;
}
