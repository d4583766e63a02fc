import type { AppName } from '@bkci/config';
import {
  appPath,
  CREATE_PIPELINE_WITH_TEMPLATE,
  PIPELINE_FROM_TEMPLATE_CONTROLLER,
  PIPELINE_VERSION_CALLS,
  STORE_INSTALL_INTO_PROJECTS,
  STORE_INSTALL_INTO_PROJECTS_DESCRIBED,
  TEMPLATE_STORE_CONTROLLER,
  USER_AGENT_READS,
  USER_AGENTS_CONTROLLER,
  USER_BUILD_CALLS,
  USER_BUILDS_CONTROLLER,
  USER_CREDENTIALS_CONTROLLER,
  USER_ENV_NODE_CONTROLLER,
  USER_ENVIRONMENT_CALLS,
  USER_ENVIRONMENT_CONTROLLER,
  USER_LOG_READS,
  USER_LOGS_CONTROLLER,
  USER_PIPELINE,
  USER_PIPELINE_STATUS,
  USER_PIPELINES_CONTROLLER,
  V1_INSTANCES_CONTROLLER,
  V1_TEMPLATES_CONTROLLER,
} from '@bkci/contracts';

/** Where a BK-CI OpenAPI v4 call is served: an app and the path (with query) to call there. */
export interface V4Target {
  app: AppName;
  path: string;
  /** The method to call the target with, when it is not the v4 call's own (v4 `build_stop` is a POST onto BK-CI's DELETE). */
  method?: string;
}

/** A v4 call missing a query parameter its target needs. */
export class V4ParameterMissing extends Error {}

type Query = URLSearchParams;

interface V4Route {
  method: string;
  /** Matched against the path after `/api/{apigw-user|apigw-app|apigw}/v4`; group 1 is the project, later groups go to `target` as `more`. */
  path: RegExp;
  target(projectId: string, query: Query, more: string[]): V4Target;
  /** A list BK-CI pages with 20 a page when the call names no pageSize (`standardSize(pageSize) ?: 20`). */
  paged?: boolean;
}

const V4_PREFIX = /^\/api\/(apigw-user|apigw-app|apigw)\/v4(\/.*)$/;
/** Calls that name no project: the store install names its target projects in the body. */
const MARKET_INSTALLS: Record<string, string> = {
  '/market/template_install_from_store': appPath([TEMPLATE_STORE_CONTROLLER, STORE_INSTALL_INTO_PROJECTS]),
  '/market/template_install_from_store_new': appPath([TEMPLATE_STORE_CONTROLLER, STORE_INSTALL_INTO_PROJECTS_DESCRIBED]),
};

function requiredValue(query: Query, name: string): string {
  const value = query.get(name);
  if (value === null || value === '') throw new V4ParameterMissing(`Query parameter ${name} is required`);
  return value;
}

/** A required query parameter, encoded for a path segment. */
function required(query: Query, name: string): string {
  return encodeURIComponent(requiredValue(query, name));
}

/** The query minus the parameters that moved into the target path. */
function rest(query: Query, ...moved: string[]): string {
  const kept = new URLSearchParams([...query].filter(([name]) => !moved.includes(name)));
  const text = kept.toString();
  return text === '' ? '' : `?${text}`;
}

const pipelines = (projectId: string) => appPath([USER_PIPELINES_CONTROLLER], { projectId });
const pipeline = (projectId: string, query: Query) => appPath([USER_PIPELINES_CONTROLLER, USER_PIPELINE], { projectId, pipelineId: requiredValue(query, 'pipelineId') });
/** A v4 `version/*` call that names the pipeline and version in its query, onto the user route `call`. */
const pipelineVersion = (projectId: string, query: Query, call: string) =>
  appPath([PIPELINE_FROM_TEMPLATE_CONTROLLER, call], { projectId, pipelineId: requiredValue(query, 'pipelineId'), version: requiredValue(query, 'version') });

/**
 * BK-CI ApigwPipelineResourceV4 (`pipelines/pipeline` CRUD with a Model, `pipeline_list`, `pipeline_status`) and the
 * parts of ApigwPipelineVersionResourceV4 that create and edit a pipeline as YAML (`save_draft` with
 * storageType YAML, then `release_version`) and read a version's Model and YAML (`get_version`) and the editor's detail (`pipeline_detail`),
 * served by the user routes of `process`.
 */
const V4_PIPELINE_ROUTES: V4Route[] = [
  { method: 'POST', path: /^\/projects\/([^/]+)\/pipelines\/pipeline$/, target: (p) => process(pipelines(p)) },
  ...['GET', 'PUT', 'DELETE'].map((method) => ({
    method,
    path: /^\/projects\/([^/]+)\/pipelines\/pipeline$/,
    target: (p: string, q: Query) => process(pipeline(p, q)),
  })),
  { method: 'GET', path: /^\/projects\/([^/]+)\/pipelines\/pipeline_list$/, target: (p, q) => process(`${pipelines(p)}${rest(q)}`), paged: true },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/pipelines\/pipeline_status$/,
    target: (p, q) => process(appPath([USER_PIPELINES_CONTROLLER, USER_PIPELINE_STATUS], { projectId: p, pipelineId: requiredValue(q, 'pipelineId') })),
  },
  { method: 'POST', path: /^\/projects\/([^/]+)\/version\/save_draft$/, target: (p) => process(appPath([PIPELINE_FROM_TEMPLATE_CONTROLLER, PIPELINE_VERSION_CALLS.saveDraft], { projectId: p })) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/version\/release_version$/, target: (p, q) => process(pipelineVersion(p, q, PIPELINE_VERSION_CALLS.releaseDraft)) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/version\/get_version$/, target: (p, q) => process(pipelineVersion(p, q, PIPELINE_VERSION_CALLS.version)) },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/version\/pipeline_detail$/,
    target: (p, q) => process(appPath([PIPELINE_FROM_TEMPLATE_CONTROLLER, PIPELINE_VERSION_CALLS.detail], { projectId: p, pipelineId: requiredValue(q, 'pipelineId') })),
  },
];

const templates = (projectId: string) => appPath([V1_TEMPLATES_CONTROLLER], { projectId });
const instances = (projectId: string, templateId: string) => appPath([V1_INSTANCES_CONTROLLER], { projectId, templateId });
const process = (path: string): V4Target => ({ app: 'process', path });
const credentials = (projectId: string) => appPath([USER_CREDENTIALS_CONTROLLER], { projectId });
const ticket = (path: string): V4Target => ({ app: 'ticket', path });

const envs = (projectId: string, ...segments: string[]) => appPath([USER_ENVIRONMENT_CONTROLLER, ...segments], { projectId });
const envCall = (projectId: string, call: string, envHashId: string) => appPath([USER_ENVIRONMENT_CONTROLLER, call], { projectId, envHashId });
const envNodes = (projectId: string, ...segments: string[]) => appPath([USER_ENV_NODE_CONTROLLER, ...segments], { projectId });
const environment = (path: string): V4Target => ({ app: 'environment', path });
const V4_ENV = '^/environment/projects/([^/]+)/';

/** The query minus `moved`, with v4's names replaced by the user route's (`renamed`). */
function renamedRest(query: Query, renamed: Record<string, string>, ...moved: string[]): string {
  const kept = new URLSearchParams([...query].filter(([name]) => !moved.includes(name)).map(([name, value]): [string, string] => [renamed[name] ?? name, value]));
  const text = kept.toString();
  return text === '' ? '' : `?${text}`;
}

/** BK-CI ApigwEnvironmentResourceV4: each call and the user route of environment it is served by. */
const V4_ENVIRONMENT_ROUTES: V4Route[] = [
  { method: 'GET', path: new RegExp(`${V4_ENV}envs/list$`), target: (p, q) => environment(`${envs(p)}${rest(q)}`) },
  { method: 'POST', path: new RegExp(`${V4_ENV}envs$`), target: (p) => environment(envs(p)) },
  { method: 'DELETE', path: new RegExp(`${V4_ENV}envs$`), target: (p, q) => environment(envs(p, required(q, 'envHashId'))) },
  { method: 'POST', path: new RegExp(`${V4_ENV}env_add_nodes$`), target: (p, q) => environment(envCall(p, USER_ENVIRONMENT_CALLS.addNodes, requiredValue(q, 'envHashId'))) },
  { method: 'POST', path: new RegExp(`${V4_ENV}env_delete_nodes$`), target: (p, q) => environment(envCall(p, USER_ENVIRONMENT_CALLS.deleteNodes, requiredValue(q, 'envHashId'))) },
  { method: 'POST', path: new RegExp(`${V4_ENV}nodes_delete$`), target: (p) => environment(envNodes(p, USER_ENVIRONMENT_CALLS.deleteNodesOfProject)) },
  {
    method: 'GET',
    path: new RegExp(`${V4_ENV}envs/([^/]+)/nodes_list$`),
    target: (p, q, [envHashId]) => environment(`${envCall(p, USER_ENVIRONMENT_CALLS.listNodesNew, envHashId)}${rest(q)}`),
  },
  { method: 'POST', path: new RegExp(`${V4_ENV}envNames_to_envInfo$`), target: (p) => environment(envs(p, USER_ENVIRONMENT_CALLS.listRawByEnvNames)) },
  { method: 'POST', path: new RegExp(`${V4_ENV}envHashIds_to_envInfo$`), target: (p) => environment(envs(p, USER_ENVIRONMENT_CALLS.listRawByEnvHashIds)) },
  { method: 'POST', path: new RegExp(`${V4_ENV}nodeHashIds_to_nodes$`), target: (p) => environment(envNodes(p, USER_ENVIRONMENT_CALLS.listRawByNodeHashIds)) },
  { method: 'POST', path: new RegExp(`${V4_ENV}envHashIds_to_nodes$`), target: (p) => environment(envs(p, USER_ENVIRONMENT_CALLS.listNodesByEnvHashIds)) },
  { method: 'POST', path: new RegExp(`${V4_ENV}share_envs$`), target: (p, q) => environment(envCall(p, USER_ENVIRONMENT_CALLS.share, requiredValue(q, 'envHashId'))) },
  { method: 'POST', path: new RegExp(`${V4_ENV}fetch_nodes$`), target: (p, q) => environment(`${envNodes(p, USER_ENVIRONMENT_CALLS.fetchNodes)}${rest(q)}`) },
  {
    method: 'PUT',
    path: new RegExp(`${V4_ENV}enable_env_node$`),
    target: (p, q) => {
      requiredValue(q, 'enable');
      return environment(`${envs(p, USER_ENVIRONMENT_CALLS.enableNode)}${renamedRest(q, { enable: 'enableNode' })}`);
    },
  },
];

/** A v4 `build_*` call onto process's user build route `call`, the ids named in the query moving into the path. */
function build(projectId: string, query: Query, call: string, ...ids: string[]): string {
  const params: Record<string, string> = { projectId };
  for (const id of ['pipelineId', ...ids]) params[id] = requiredValue(query, id);
  return `${appPath([USER_BUILDS_CONTROLLER, call], params)}${rest(query, 'pipelineId', ...ids)}`;
}

/**
 * BK-CI ApigwBuildResourceV4's calls the engine serves today, onto process's user build routes (their
 * permissions: pipeline_execute to start, stop, retry, review a stage or a step and read the start form, pipeline_view to read). BK-CI
 * looks a missing pipelineId up from the buildId, and finds a review step by its `stepId` when no `elementId`
 * is given; here both ids are required, as the user routes need them.
 * `build_detail` answers BK-CI's ModelRecord (the user record read), not the console's ModelDetail.
 */
const V4_BUILD_ROUTES: V4Route[] = [
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_start$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.start)) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_stop$/, target: (p, q) => ({ ...process(build(p, q, USER_BUILD_CALLS.stop, 'buildId')), method: 'DELETE' }) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_status$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.status, 'buildId')) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_detail$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.record, 'buildId')) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_histories$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.history)), paged: true },
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_variables$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.variables, 'buildId')) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_manual_startup_info$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.manualStartupInfo)) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_retry$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.retry, 'buildId')) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/manual_start_build_stage$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.manualStartStage, 'buildId', 'stageId')) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/manual_review$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.manualReview, 'buildId', 'elementId')) },
];

/** v4 names the container hash id `containerHashId` and the YAML job id `jobId`; the user routes, as BK-CI's, `jobId` and `userJobId`. */
const V4_LOG_QUERY_NAMES: Record<string, string> = { containerHashId: 'jobId', jobId: 'userJobId' };

/** A v4 `logs/*` call onto log's user route `read` of the build named by `pipelineId` and `buildId`. */
function logs(projectId: string, query: Query, read: string): V4Target {
  const base = appPath([USER_LOGS_CONTROLLER], { projectId, pipelineId: requiredValue(query, 'pipelineId'), buildId: requiredValue(query, 'buildId') });
  const renamed = new URLSearchParams(
    [...query].filter(([name]) => name !== 'pipelineId' && name !== 'buildId').map(([name, value]): [string, string] => [V4_LOG_QUERY_NAMES[name] ?? name, value]),
  );
  const text = renamed.toString();
  return { app: 'log', path: `${base}/${read}${text === '' ? '' : `?${text}`}` };
}

/**
 * A v4 `third_part_agent_node_*` call onto environment's agent routes: by `nodeHashId` when given,
 * else by `agentHashId` (BK-CI also takes `nodeName`, which names no single node here).
 */
function agentNode(projectId: string, query: Query, byNode: string, byAgent: string): V4Target {
  const nodeHashId = query.get('nodeHashId');
  const agentId = query.get('agentHashId');
  const read = nodeHashId ? appPath([USER_AGENTS_CONTROLLER, byNode], { projectId, nodeHashId }) : agentId ? appPath([USER_AGENTS_CONTROLLER, byAgent], { projectId, agentId }) : null;
  if (read === null) throw new V4ParameterMissing('Query parameter nodeHashId or agentHashId is required');
  return { app: 'environment', path: `${read}${rest(query, 'nodeHashId', 'agentHashId', 'nodeName')}` };
}

/** The v4 log calls (support §4.7) and the user route of log each is served by. */
const V4_LOG_READS: Record<string, string> = {
  init_logs: USER_LOG_READS.init,
  more_logs: USER_LOG_READS.more,
  after_line_logs: USER_LOG_READS.after,
  download_logs: USER_LOG_READS.download,
  log_mode: USER_LOG_READS.mode,
  last_line_num: USER_LOG_READS.lastLineNum,
};

/**
 * BK-CI's OpenAPI v4 calls: templates and instances (reference §4.5), served as BK-CI serves them
 * by the V1 resources of `process` (the store install by its V2 store routes, a pipeline from a
 * template by its pipeline version route); credentials (support §1.9), served by the user
 * resources of `ticket`; build logs, served by the user resources of `log`; environments and
 * nodes (support §2.6) and third-party agent nodes, served by the user resources of `environment`;
 * builds, served by the user build resource of `process`.
 */
const ROUTES: V4Route[] = [
  ...V4_ENVIRONMENT_ROUTES,
  ...V4_BUILD_ROUTES,
  ...V4_PIPELINE_ROUTES,
  { method: 'GET', path: /^\/projects\/([^/]+)\/templates\/?$/, target: (p, q) => process(`${templates(p)}${rest(q)}`), paged: true },
  { method: 'GET', path: /^\/projects\/([^/]+)\/templates\/all_templates$/, target: (p, q) => process(`${templates(p)}${rest(q)}`), paged: true },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/templates\/template_detail$/,
    target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}${rest(q, 'templateId')}`),
  },
  { method: 'POST', path: /^\/projects\/([^/]+)\/templates\/?$/, target: (p) => process(templates(p)) },
  { method: 'PUT', path: /^\/projects\/([^/]+)\/templates\/?$/, target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}${rest(q, 'templateId')}`) },
  { method: 'DELETE', path: /^\/projects\/([^/]+)\/templates\/?$/, target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}`) },
  {
    method: 'DELETE',
    path: /^\/projects\/([^/]+)\/templates\/template_version$/,
    target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}/versions/${required(q, 'version')}`),
  },
  ...['POST', 'PUT', 'GET'].map((method) => ({
    method,
    path: /^\/projects\/([^/]+)\/templates\/templateInstances\/?$/,
    target: (p: string, q: Query) => process(`${instances(p, requiredValue(q, 'templateId'))}${rest(q, 'templateId')}`),
    paged: method === 'GET',
  })),
  {
    method: 'PUT',
    path: /^\/projects\/([^/]+)\/templates\/templateInstances\/update$/,
    target: (p, q) => {
      required(q, 'versionName');
      return process(`${instances(p, requiredValue(q, 'templateId'))}${rest(q, 'templateId')}`);
    },
  },
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/version\/create_with_template$/,
    target: (p) => process(appPath([PIPELINE_FROM_TEMPLATE_CONTROLLER, CREATE_PIPELINE_WITH_TEMPLATE], { projectId: p })),
  },
  { method: 'GET', path: /^\/projects\/([^/]+)\/credentials\/credential_list$/, target: (p, q) => ticket(`${credentials(p)}${rest(q)}`), paged: true },
  { method: 'POST', path: /^\/projects\/([^/]+)\/credentials\/credential$/, target: (p) => ticket(credentials(p)) },
  ...['GET', 'PUT', 'DELETE'].map((method) => ({
    method,
    path: /^\/projects\/([^/]+)\/credentials\/credential$/,
    target: (p: string, q: Query) => ticket(`${credentials(p)}/${required(q, 'credentialId')}`),
  })),
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/environment\/third_part_agent_nodes$/,
    target: (p) => ({ app: 'environment', path: appPath([USER_AGENTS_CONTROLLER, USER_AGENT_READS.nodes], { projectId: p }) }),
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/environment\/third_part_agent_node_status$/,
    target: (p, q) => agentNode(p, q, USER_AGENT_READS.nodeStatus, USER_AGENT_READS.agentNodeStatus),
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/environment\/third_part_agent_node_detail$/,
    target: (p, q) => agentNode(p, q, USER_AGENT_READS.nodeDetail, USER_AGENT_READS.agentDetail),
  },
  ...Object.entries(V4_LOG_READS).map(([call, read]) => ({
    method: 'GET',
    path: new RegExp(`^/projects/([^/]+)/logs/${call}$`),
    target: (p: string, q: Query) => logs(p, q, read),
  })),
];

/** BK-CI's API modes: user (`apigw-user`), app (`apigw-app`, see AppCallAuthenticator) and legacy (`apigw`). */
export type ApigwType = 'apigw-user' | 'apigw-app' | 'apigw';

/** A v4 call: where it is served, the mode it was made in and the project its path names (null for the store installs). */
export interface V4Call {
  target: V4Target;
  apigwType: ApigwType;
  projectId: string | null;
}

/** The v4 call `path` is, or null when it is not one. Throws V4ParameterMissing for a call missing a parameter. */
export function resolveV4Call(method: string, path: string, query: Query): V4Call | null {
  const v4 = V4_PREFIX.exec(path);
  if (!v4) return null;
  const apigwType = v4[1] as ApigwType;
  const call = v4[2];
  if (method === 'POST' && Object.hasOwn(MARKET_INSTALLS, call)) return { target: process(MARKET_INSTALLS[call]), apigwType, projectId: null };
  for (const route of ROUTES) {
    const match = route.method === method ? route.path.exec(call) : null;
    if (!match) continue;
    const projectId = decodeURIComponent(match[1]);
    return { target: route.target(projectId, standardPageSize(query, route.paged ?? false), match.slice(2).map(decodeURIComponent)), apigwType, projectId };
  }
  return null;
}

/** The target of a v4 call, or null when `path` is not one. Throws V4ParameterMissing for a call missing a parameter. */
export function resolveV4(method: string, path: string, query: Query): V4Target | null {
  return resolveV4Call(method, path, query)?.target ?? null;
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
