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

/**
 * What the API documentation says of a v4 call (see V4_CALL_DOCS); its body and answer are those
 * of the user route it is served by.
 */
export interface V4CallDoc {
  /** The path after `/v4`, its parameters in braces: `/projects/{projectId}/build_start`. */
  path: string;
  summary: string;
  /** The query parameters the call takes itself, each `true` when required; the user route's own pass through too. */
  query: Record<string, boolean>;
  /** v4's names of query parameters the user route knows by another name (v4 name → user route's name). */
  renamedQuery?: Record<string, string>;
}

interface V4Route {
  method: string;
  /** Matched against the path after `/api/{apigw-user|apigw-app|apigw}/v4`; group 1 is the project (when the call names one), later groups go to `target` as `more`. */
  path: RegExp;
  target(projectId: string, query: Query, more: string[]): V4Target;
  doc: V4CallDoc;
  /** A list BK-CI pages with 20 a page when the call names no pageSize (`standardSize(pageSize) ?: 20`). */
  paged?: boolean;
}

/** A V4CallDoc: `query` lists the parameter names, those ending in `?` optional. */
function doc(path: string, summary: string, query: string[] = [], renamedQuery?: Record<string, string>): V4CallDoc {
  return {
    path,
    summary,
    query: Object.fromEntries(query.map((name) => (name.endsWith('?') ? [name.slice(0, -1), false] : [name, true]))),
    ...(renamedQuery ? { renamedQuery } : {}),
  };
}

const V4_PREFIX = /^\/api\/(apigw-user|apigw-app|apigw)\/v4(\/.*)$/;
/** Calls that name no project: the store install names its target projects in the body. */
const MARKET_INSTALLS: V4Route[] = [
  {
    method: 'POST',
    path: /^\/market\/template_install_from_store$/,
    target: () => process(appPath([TEMPLATE_STORE_CONTROLLER, STORE_INSTALL_INTO_PROJECTS])),
    doc: doc('/market/template_install_from_store', 'Install a store template into projects'),
  },
  {
    method: 'POST',
    path: /^\/market\/template_install_from_store_new$/,
    target: () => process(appPath([TEMPLATE_STORE_CONTROLLER, STORE_INSTALL_INTO_PROJECTS_DESCRIBED])),
    doc: doc('/market/template_install_from_store_new', 'Install a store template into projects, answering per project'),
  },
];

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
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/pipelines\/pipeline$/,
    target: (p) => process(pipelines(p)),
    doc: doc('/projects/{projectId}/pipelines/pipeline', 'Create a pipeline from a Model'),
  },
  ...(
    [
      ['GET', 'Read a pipeline\'s Model'],
      ['PUT', 'Replace a pipeline\'s Model'],
      ['DELETE', 'Delete a pipeline'],
    ] as const
  ).map(([method, summary]) => ({
    method,
    path: /^\/projects\/([^/]+)\/pipelines\/pipeline$/,
    target: (p: string, q: Query) => process(pipeline(p, q)),
    doc: doc('/projects/{projectId}/pipelines/pipeline', summary, ['pipelineId']),
  })),
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/pipelines\/pipeline_list$/,
    target: (p, q) => process(`${pipelines(p)}${rest(q)}`),
    doc: doc('/projects/{projectId}/pipelines/pipeline_list', 'List the pipelines of a project, a page at a time'),
    paged: true,
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/pipelines\/pipeline_status$/,
    target: (p, q) => process(appPath([USER_PIPELINES_CONTROLLER, USER_PIPELINE_STATUS], { projectId: p, pipelineId: requiredValue(q, 'pipelineId') })),
    doc: doc('/projects/{projectId}/pipelines/pipeline_status', 'Read a pipeline with its latest build', ['pipelineId']),
  },
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/version\/save_draft$/,
    target: (p) => process(appPath([PIPELINE_FROM_TEMPLATE_CONTROLLER, PIPELINE_VERSION_CALLS.saveDraft], { projectId: p })),
    doc: doc('/projects/{projectId}/version/save_draft', 'Save a pipeline draft (a Model or YAML), creating the pipeline when no pipelineId is given'),
  },
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/version\/release_version$/,
    target: (p, q) => process(pipelineVersion(p, q, PIPELINE_VERSION_CALLS.releaseDraft)),
    doc: doc('/projects/{projectId}/version/release_version', 'Release a pipeline\'s draft as a new version', ['pipelineId', 'version']),
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/version\/get_version$/,
    target: (p, q) => process(pipelineVersion(p, q, PIPELINE_VERSION_CALLS.version)),
    doc: doc('/projects/{projectId}/version/get_version', 'Read one version of a pipeline as a Model and as YAML', ['pipelineId', 'version']),
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/version\/pipeline_detail$/,
    target: (p, q) => process(appPath([PIPELINE_FROM_TEMPLATE_CONTROLLER, PIPELINE_VERSION_CALLS.detail], { projectId: p, pipelineId: requiredValue(q, 'pipelineId') })),
    doc: doc('/projects/{projectId}/version/pipeline_detail', 'Read a pipeline\'s detail as the editor shows it', ['pipelineId']),
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

/** v4 `enable_env_node` names its switch `enable`; the user route `enableNode`. */
const ENABLE_NODE_QUERY_NAMES: Record<string, string> = { enable: 'enableNode' };

/** BK-CI ApigwEnvironmentResourceV4: each call and the user route of environment it is served by. */
const V4_ENVIRONMENT_ROUTES: V4Route[] = [
  { method: 'GET', path: new RegExp(`${V4_ENV}envs/list$`), target: (p, q) => environment(`${envs(p)}${rest(q)}`), doc: doc('/environment/projects/{projectId}/envs/list', 'List the environments of a project') },
  { method: 'POST', path: new RegExp(`${V4_ENV}envs$`), target: (p) => environment(envs(p)), doc: doc('/environment/projects/{projectId}/envs', 'Create an environment') },
  { method: 'DELETE', path: new RegExp(`${V4_ENV}envs$`), target: (p, q) => environment(envs(p, required(q, 'envHashId'))), doc: doc('/environment/projects/{projectId}/envs', 'Delete an environment', ['envHashId']) },
  { method: 'POST', path: new RegExp(`${V4_ENV}env_add_nodes$`), target: (p, q) => environment(envCall(p, USER_ENVIRONMENT_CALLS.addNodes, requiredValue(q, 'envHashId'))), doc: doc('/environment/projects/{projectId}/env_add_nodes', 'Add nodes to an environment', ['envHashId']) },
  { method: 'POST', path: new RegExp(`${V4_ENV}env_delete_nodes$`), target: (p, q) => environment(envCall(p, USER_ENVIRONMENT_CALLS.deleteNodes, requiredValue(q, 'envHashId'))), doc: doc('/environment/projects/{projectId}/env_delete_nodes', 'Remove nodes from an environment', ['envHashId']) },
  { method: 'POST', path: new RegExp(`${V4_ENV}nodes_delete$`), target: (p) => environment(envNodes(p, USER_ENVIRONMENT_CALLS.deleteNodesOfProject)), doc: doc('/environment/projects/{projectId}/nodes_delete', 'Delete nodes of a project') },
  {
    method: 'GET',
    path: new RegExp(`${V4_ENV}envs/([^/]+)/nodes_list$`),
    target: (p, q, [envHashId]) => environment(`${envCall(p, USER_ENVIRONMENT_CALLS.listNodesNew, envHashId)}${rest(q)}`),
    doc: doc('/environment/projects/{projectId}/envs/{envHashId}/nodes_list', 'List the nodes of an environment, a page at a time'),
  },
  { method: 'POST', path: new RegExp(`${V4_ENV}envNames_to_envInfo$`), target: (p) => environment(envs(p, USER_ENVIRONMENT_CALLS.listRawByEnvNames)), doc: doc('/environment/projects/{projectId}/envNames_to_envInfo', 'Read environments by name') },
  { method: 'POST', path: new RegExp(`${V4_ENV}envHashIds_to_envInfo$`), target: (p) => environment(envs(p, USER_ENVIRONMENT_CALLS.listRawByEnvHashIds)), doc: doc('/environment/projects/{projectId}/envHashIds_to_envInfo', 'Read environments by id') },
  { method: 'POST', path: new RegExp(`${V4_ENV}nodeHashIds_to_nodes$`), target: (p) => environment(envNodes(p, USER_ENVIRONMENT_CALLS.listRawByNodeHashIds)), doc: doc('/environment/projects/{projectId}/nodeHashIds_to_nodes', 'Read nodes by id') },
  { method: 'POST', path: new RegExp(`${V4_ENV}envHashIds_to_nodes$`), target: (p) => environment(envs(p, USER_ENVIRONMENT_CALLS.listNodesByEnvHashIds)), doc: doc('/environment/projects/{projectId}/envHashIds_to_nodes', 'List the nodes of environments') },
  { method: 'POST', path: new RegExp(`${V4_ENV}share_envs$`), target: (p, q) => environment(envCall(p, USER_ENVIRONMENT_CALLS.share, requiredValue(q, 'envHashId'))), doc: doc('/environment/projects/{projectId}/share_envs', 'Share an environment with other projects', ['envHashId']) },
  { method: 'POST', path: new RegExp(`${V4_ENV}fetch_nodes$`), target: (p, q) => environment(`${envNodes(p, USER_ENVIRONMENT_CALLS.fetchNodes)}${rest(q)}`), doc: doc('/environment/projects/{projectId}/fetch_nodes', 'List the nodes of a project, a page at a time') },
  {
    method: 'PUT',
    path: new RegExp(`${V4_ENV}enable_env_node$`),
    target: (p, q) => {
      requiredValue(q, 'enable');
      return environment(`${envs(p, USER_ENVIRONMENT_CALLS.enableNode)}${renamedRest(q, ENABLE_NODE_QUERY_NAMES)}`);
    },
    doc: doc('/environment/projects/{projectId}/enable_env_node', 'Enable or disable a node in an environment', ['enable'], ENABLE_NODE_QUERY_NAMES),
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
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_start$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.start)), doc: doc('/projects/{projectId}/build_start', 'Start a build of a pipeline', ['pipelineId']) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_stop$/, target: (p, q) => ({ ...process(build(p, q, USER_BUILD_CALLS.stop, 'buildId')), method: 'DELETE' }), doc: doc('/projects/{projectId}/build_stop', 'Stop a build', ['pipelineId', 'buildId']) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_status$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.status, 'buildId')), doc: doc('/projects/{projectId}/build_status', "Read a build's status", ['pipelineId', 'buildId']) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_detail$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.record, 'buildId')), doc: doc('/projects/{projectId}/build_detail', "Read a build's record (its Model with each element's state)", ['pipelineId', 'buildId']) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_histories$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.history)), doc: doc('/projects/{projectId}/build_histories', 'List the builds of a pipeline, a page at a time', ['pipelineId']), paged: true },
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_variables$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.variables, 'buildId')), doc: doc('/projects/{projectId}/build_variables', 'Read variables of a build', ['pipelineId', 'buildId']) },
  { method: 'GET', path: /^\/projects\/([^/]+)\/build_manual_startup_info$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.manualStartupInfo)), doc: doc('/projects/{projectId}/build_manual_startup_info', 'Read the start form of a pipeline (its parameters)', ['pipelineId']) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/build_retry$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.retry, 'buildId')), doc: doc('/projects/{projectId}/build_retry', 'Retry a build, or one of its stages, jobs or steps', ['pipelineId', 'buildId']) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/manual_start_build_stage$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.manualStartStage, 'buildId', 'stageId')), doc: doc('/projects/{projectId}/manual_start_build_stage', 'Start a stage that waits for a manual start', ['pipelineId', 'buildId', 'stageId']) },
  { method: 'POST', path: /^\/projects\/([^/]+)\/manual_review$/, target: (p, q) => process(build(p, q, USER_BUILD_CALLS.manualReview, 'buildId', 'elementId')), doc: doc('/projects/{projectId}/manual_review', 'Review a manual review step', ['pipelineId', 'buildId', 'elementId']) },
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
const V4_LOG_READS: Record<string, [read: string, summary: string]> = {
  init_logs: [USER_LOG_READS.init, 'Read the first lines of a build\'s log'],
  more_logs: [USER_LOG_READS.more, 'Read more lines of a build\'s log'],
  after_line_logs: [USER_LOG_READS.after, 'Read the lines of a build\'s log after a line number'],
  download_logs: [USER_LOG_READS.download, 'Download a build\'s log as text'],
  log_mode: [USER_LOG_READS.mode, 'Read how a step\'s log is stored'],
  last_line_num: [USER_LOG_READS.lastLineNum, 'Read the number of the last line of a build\'s log'],
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
  ...MARKET_INSTALLS,
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/templates\/?$/,
    target: (p, q) => process(`${templates(p)}${rest(q)}`),
    doc: doc('/projects/{projectId}/templates', 'List the templates of a project'),
    paged: true,
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/templates\/all_templates$/,
    target: (p, q) => process(`${templates(p)}${rest(q)}`),
    doc: doc('/projects/{projectId}/templates/all_templates', 'List the templates of a project (BK-CI\'s second spelling)'),
    paged: true,
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/templates\/template_detail$/,
    target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}${rest(q, 'templateId')}`),
    doc: doc('/projects/{projectId}/templates/template_detail', 'Read a template at a version', ['templateId']),
  },
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/templates\/?$/,
    target: (p) => process(templates(p)),
    doc: doc('/projects/{projectId}/templates', 'Create a template from a Model'),
  },
  {
    method: 'PUT',
    path: /^\/projects\/([^/]+)\/templates\/?$/,
    target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}${rest(q, 'templateId')}`),
    doc: doc('/projects/{projectId}/templates', 'Save a new version of a template', ['templateId']),
  },
  {
    method: 'DELETE',
    path: /^\/projects\/([^/]+)\/templates\/?$/,
    target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}`),
    doc: doc('/projects/{projectId}/templates', 'Delete a template', ['templateId']),
  },
  {
    method: 'DELETE',
    path: /^\/projects\/([^/]+)\/templates\/template_version$/,
    target: (p, q) => process(`${templates(p)}/${required(q, 'templateId')}/versions/${required(q, 'version')}`),
    doc: doc('/projects/{projectId}/templates/template_version', 'Delete one version of a template', ['templateId', 'version']),
  },
  ...(
    [
      ['POST', 'Create pipelines from a template'],
      ['PUT', 'Update pipelines made from a template to a version'],
      ['GET', 'List the pipelines made from a template'],
    ] as const
  ).map(([method, summary]) => ({
    method,
    path: /^\/projects\/([^/]+)\/templates\/templateInstances\/?$/,
    target: (p: string, q: Query) => process(`${instances(p, requiredValue(q, 'templateId'))}${rest(q, 'templateId')}`),
    doc: doc('/projects/{projectId}/templates/templateInstances', summary, ['templateId']),
    paged: method === 'GET',
  })),
  {
    method: 'PUT',
    path: /^\/projects\/([^/]+)\/templates\/templateInstances\/update$/,
    target: (p, q) => {
      required(q, 'versionName');
      return process(`${instances(p, requiredValue(q, 'templateId'))}${rest(q, 'templateId')}`);
    },
    doc: doc('/projects/{projectId}/templates/templateInstances/update', 'Update pipelines made from a template to the release named versionName', ['templateId', 'versionName']),
  },
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/version\/create_with_template$/,
    target: (p) => process(appPath([PIPELINE_FROM_TEMPLATE_CONTROLLER, CREATE_PIPELINE_WITH_TEMPLATE], { projectId: p })),
    doc: doc('/projects/{projectId}/version/create_with_template', 'Create a pipeline from a template'),
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/credentials\/credential_list$/,
    target: (p, q) => ticket(`${credentials(p)}${rest(q)}`),
    doc: doc('/projects/{projectId}/credentials/credential_list', 'List the credentials of a project, a page at a time'),
    paged: true,
  },
  {
    method: 'POST',
    path: /^\/projects\/([^/]+)\/credentials\/credential$/,
    target: (p) => ticket(credentials(p)),
    doc: doc('/projects/{projectId}/credentials/credential', 'Create a credential'),
  },
  ...(
    [
      ['GET', 'Read a credential (its secrets masked)'],
      ['PUT', 'Change a credential'],
      ['DELETE', 'Delete a credential'],
    ] as const
  ).map(([method, summary]) => ({
    method,
    path: /^\/projects\/([^/]+)\/credentials\/credential$/,
    target: (p: string, q: Query) => ticket(`${credentials(p)}/${required(q, 'credentialId')}`),
    doc: doc('/projects/{projectId}/credentials/credential', summary, ['credentialId']),
  })),
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/environment\/third_part_agent_nodes$/,
    target: (p) => ({ app: 'environment', path: appPath([USER_AGENTS_CONTROLLER, USER_AGENT_READS.nodes], { projectId: p }) }),
    doc: doc('/projects/{projectId}/environment/third_part_agent_nodes', 'List the third-party agent nodes of a project'),
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/environment\/third_part_agent_node_status$/,
    target: (p, q) => agentNode(p, q, USER_AGENT_READS.nodeStatus, USER_AGENT_READS.agentNodeStatus),
    doc: doc('/projects/{projectId}/environment/third_part_agent_node_status', 'Read the status of an agent node, named by nodeHashId or agentHashId', ['nodeHashId?', 'agentHashId?']),
  },
  {
    method: 'GET',
    path: /^\/projects\/([^/]+)\/environment\/third_part_agent_node_detail$/,
    target: (p, q) => agentNode(p, q, USER_AGENT_READS.nodeDetail, USER_AGENT_READS.agentDetail),
    doc: doc('/projects/{projectId}/environment/third_part_agent_node_detail', 'Read the detail of an agent node, named by nodeHashId or agentHashId', ['nodeHashId?', 'agentHashId?']),
  },
  ...Object.entries(V4_LOG_READS).map(([call, [read, summary]]) => ({
    method: 'GET',
    path: new RegExp(`^/projects/([^/]+)/logs/${call}$`),
    target: (p: string, q: Query) => logs(p, q, read),
    doc: doc(`/projects/{projectId}/logs/${call}`, summary, ['pipelineId', 'buildId'], V4_LOG_QUERY_NAMES),
  })),
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
