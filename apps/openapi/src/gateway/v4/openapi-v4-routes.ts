import type { AppName } from '@bkci/config';
import { V4_BUILD_ROUTES } from './v4-build-routes';
import { V4_CREDENTIAL_ROUTES } from './v4-credential-routes';
import { V4_AGENT_NODE_ROUTES, V4_ENVIRONMENT_ROUTES } from './v4-environment-routes';
import { V4_LOG_ROUTES } from './v4-log-routes';
import { V4_PIPELINE_ROUTES } from './v4-pipeline-routes';
import { Query, V4CallDoc, V4Route, V4Target } from './v4-route';
import { MARKET_INSTALLS, V4_TEMPLATE_ROUTES } from './v4-template-routes';

const V4_PREFIX = /^\/api\/(apigw-user|apigw-app|apigw)\/v4(\/.*)$/;

/**
 * BK-CI's OpenAPI v4 calls: templates and instances (reference §4.5), served as BK-CI serves them
 * by the V1 resources of `process` (the store install by its V2 store routes, a pipeline from a
 * template by its pipeline version route); credentials (support §1.9), served by the user
 * resources of `ticket`; build logs, served by the user resources of `log`; environments and
 * nodes (support §2.6) and third-party agent nodes, served by the user resources of `environment`;
 * builds, served by the user build resource of `process`. The first route that matches serves the
 * call, so the order counts.
 */
const ROUTES: V4Route[] = [
  ...V4_ENVIRONMENT_ROUTES,
  ...V4_BUILD_ROUTES,
  ...V4_PIPELINE_ROUTES,
  ...MARKET_INSTALLS,
  ...V4_TEMPLATE_ROUTES,
  ...V4_CREDENTIAL_ROUTES,
  ...V4_AGENT_NODE_ROUTES,
  ...V4_LOG_ROUTES,
];

/** BK-CI's API modes: user (`apigw-user`), app (`apigw-app`, see AppCallAuthenticator) and legacy (`apigw`). */
export type ApigwType = 'apigw-user' | 'apigw-app' | 'apigw';

/**
 * A v4 call: where it is served, its api name for the call metrics (its documented path, no ids:
 * `POST /v4/projects/{projectId}/build_start`), the mode it was made in and the project its path
 * names (null for the store installs, which name theirs in the body).
 */
export interface V4Call {
  target: V4Target;
  api: string;
  apigwType: ApigwType;
  projectId: string | null;
}

/** The v4 call `path` is, or null when it is not one. Throws V4ParameterMissing for a call missing a parameter. */
export function resolveV4Call(method: string, path: string, query: Query): V4Call | null {
  const v4 = V4_PREFIX.exec(path);
  if (!v4) return null;
  const apigwType = v4[1] as ApigwType;
  for (const route of ROUTES) {
    const match = route.method === method ? route.path.exec(v4[2]) : null;
    if (!match) continue;
    const projectId = match[1] === undefined ? null : decodeURIComponent(match[1]);
    const target = route.target(projectId ?? '', standardPageSize(query, route.paged ?? false), match.slice(2).map(decodeURIComponent));
    return { target, api: `${method} /v4${route.doc.path}`, apigwType, projectId };
  }
  return null;
}

const V4_MAX_PAGE_SIZE = 100;
const V4_DEFAULT_PAGE_SIZE = '20';

/**
 * The query with BK-CI's v4 page size (ApigwParamUtil.standardSize, without its header that lifts the cap):
 * a whole number above 100 becomes 100, and on a `paged` list an absent or blank one becomes 20. Any other
 * value (0, negative, not a number) goes on as sent, for the route behind to judge.
 */
function standardPageSize(query: Query, paged: boolean): Query {
  const pageSize = query.get('pageSize') ?? '';
  let standard: string;
  if (pageSize === '') {
    if (!paged) return query;
    standard = V4_DEFAULT_PAGE_SIZE;
  } else if (/^\+?\d+$/.test(pageSize) && Number(pageSize) > V4_MAX_PAGE_SIZE) {
    standard = String(V4_MAX_PAGE_SIZE);
  } else {
    return query;
  }
  const standardized = new URLSearchParams(query);
  standardized.set('pageSize', standard);
  return standardized;
}

/** A v4 call as the API documentation shows it, with the user route it is served by (its path as the app's document spells it). */
export interface DescribedV4Call extends V4CallDoc {
  method: string;
  servedBy: { app: AppName; method: string; path: string };
}

/**
 * Every v4 call with its documentation. The user route each is served by is found by resolving the
 * call with its parameters as placeholders (`{pipelineId}`), so it cannot drift from the routing.
 */
export function describeV4Calls(): DescribedV4Call[] {
  return ROUTES.map((route) => {
    const names = [...route.doc.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
    const query = new URLSearchParams(Object.keys(route.doc.query).map((name): [string, string] => [name, `{${name}}`]));
    const target = route.target('{projectId}', query, names.filter((name) => name !== 'projectId').map((name) => `{${name}}`));
    // A trailing `/` (the log's init read) is not part of the route as its document spells it.
    const path = decodeURIComponent(target.path.split('?')[0]).replace(/(.)\/$/, '$1');
    return { method: route.method, ...route.doc, servedBy: { app: target.app, method: target.method ?? route.method, path } };
  });
}
