/*
 * The app routes the gateway's OpenAPI v4 map forwards to. Each app's controller takes its path
 * from here and the gateway fills it in, so the two cannot drift apart. The gateway forwards
 * bodies untouched, so no request or response types are declared for these.
 */

/** process: BK-CI's V1 templates API. */
export const V1_TEMPLATES_CONTROLLER = 'user/templates/projects/:projectId/templates';
/** process: BK-CI's V1 instances API. */
export const V1_INSTANCES_CONTROLLER = 'user/templateInstances/projects/:projectId/templates/:templateId';
/** process: the template store on BK-CI's template V2 paths. */
export const TEMPLATE_STORE_CONTROLLER = 'user/pipeline/template/v2';
/** Under TEMPLATE_STORE_CONTROLLER: v4 `template_install_from_store`. */
export const STORE_INSTALL_INTO_PROJECTS = 'market/install';
/** Under TEMPLATE_STORE_CONTROLLER: v4 `template_install_from_store_new`. */
export const STORE_INSTALL_INTO_PROJECTS_DESCRIBED = 'market/install/new';
/** process: a pipeline made from a template (BK-CI UserPipelineVersionResource). */
export const PIPELINE_FROM_TEMPLATE_CONTROLLER = 'user/version/projects/:projectId';
/** Under PIPELINE_FROM_TEMPLATE_CONTROLLER. */
export const CREATE_PIPELINE_WITH_TEMPLATE = 'createPipelineWithTemplate';
/** process: BK-CI's UserPipelineResource (a pipeline as a Model), served for v4 `pipelines/pipeline` and `pipeline_list`. */
export const USER_PIPELINES_CONTROLLER = 'user/pipelines/:projectId';
/** Under USER_PIPELINES_CONTROLLER: one pipeline. */
export const USER_PIPELINE = ':pipelineId';
/** process: one pipeline's list row with its latest build (BK-CI getSinglePipelineStatus), served for v4 `pipeline_status`. */
export const USER_PIPELINE_STATUS = ':pipelineId/status';
/**
 * Under PIPELINE_FROM_TEMPLATE_CONTROLLER (BK-CI's /user/version/projects/{projectId}): the draft
 * save and release that create and edit a pipeline as a Model or as YAML, and one version's two
 * forms, and the editor's detail; v4 `version/save_draft`, `release_version`, `get_version` and
 * `pipeline_detail` are served by them.
 */
export const PIPELINE_VERSION_CALLS = {
  saveDraft: 'saveDraft',
  releaseDraft: 'pipelines/:pipelineId/releaseVersion/:version',
  version: 'pipelines/:pipelineId/versions/:version',
  detail: 'pipelines/:pipelineId/detail',
} as const;
/** ticket: the user credentials API. */
export const USER_CREDENTIALS_CONTROLLER = 'user/credentials/:projectId';
/** log: BK-CI's /user/logs API on one build's log. */
export const USER_LOGS_CONTROLLER = 'user/logs/:projectId/:pipelineId/:buildId';
/**
 * Under USER_LOGS_CONTROLLER: the reads the v4 `logs/*` calls are served by (`lastLineNum` is BK-CI's
 * service route, also offered to users for v4 `last_line_num`). An object, so that these common
 * words are not taken for cross-app names elsewhere.
 */
export const USER_LOG_READS = {
  init: '',
  more: 'more',
  after: 'after',
  download: 'download',
  mode: 'mode',
  lastLineNum: 'last_line_num',
} as const;
/** environment: BK-CI's /user/environment/thirdPartyAgent API of a project. */
export const USER_AGENTS_CONTROLLER = 'user/environment/thirdPartyAgent/projects/:projectId';
/**
 * Under USER_AGENTS_CONTROLLER: the reads the v4 `third_part_agent_*` calls are served by (the agent
 * routes beside BK-CI's answer the calls that name an agent instead of a node).
 */
export const USER_AGENT_READS = {
  nodes: 'nodes',
  nodeStatus: 'nodes/:nodeHashId/status',
  nodeDetail: 'nodes/:nodeHashId/thirdPartyAgentDetail',
  agentNodeStatus: 'agents/:agentId/nodeStatus',
  agentDetail: 'agents/:agentId/detail',
} as const;
/** environment: BK-CI's /user/environment/{projectId} API (envs). */
export const USER_ENVIRONMENT_CONTROLLER = 'user/environment/:projectId';
/** environment: BK-CI's /user/envnode/{projectId} API (nodes). */
export const USER_ENV_NODE_CONTROLLER = 'user/envnode/:projectId';
/**
 * Under USER_ENVIRONMENT_CONTROLLER and USER_ENV_NODE_CONTROLLER: the reads and writes the v4
 * environment calls are served by. An object, so that these common words are not taken for
 * cross-app names elsewhere.
 */
export const USER_ENVIRONMENT_CALLS = {
  addNodes: ':envHashId/addNodes',
  deleteNodes: ':envHashId/deleteNodes',
  listNodesNew: ':envHashId/listNodesNew',
  share: ':envHashId/share',
  enableNode: 'enable_node',
  listRawByEnvNames: 'listRawByEnvNames',
  listRawByEnvHashIds: 'listRawByEnvHashIds',
  listNodesByEnvHashIds: 'listNodesByEnvHashIds',
  deleteNodesOfProject: 'deleteNodes',
  listRawByNodeHashIds: 'listRawByHashIds',
  fetchNodes: 'fetchNodes',
} as const;
/** process: BK-CI's UserBuildResource (`/user/builds`), served for the v4 build calls. */
export const USER_BUILDS_CONTROLLER = 'user/builds';
/**
 * Under USER_BUILDS_CONTROLLER: the build calls v4 `build_*` is served by. An object, so that these
 * common words are not taken for cross-app names elsewhere.
 */
export const USER_BUILD_CALLS = {
  start: ':projectId/:pipelineId',
  manualStartupInfo: ':projectId/:pipelineId/manualStartupInfo',
  history: ':projectId/:pipelineId/history',
  /** The console's history with its filters (BK-CI `history/new`); `history` takes the same filters. */
  historyNew: ':projectId/:pipelineId/history/new',
  status: ':projectId/:pipelineId/:buildId/status',
  detail: ':projectId/:pipelineId/:buildId/detail',
  record: 'projects/:projectId/pipelines/:pipelineId/builds/:buildId/record',
  variables: ':projectId/:pipelineId/:buildId/variables',
  stop: ':projectId/:pipelineId/:buildId',
  retry: ':projectId/:pipelineId/:buildId/retry',
  manualStartStage: 'projects/:projectId/pipelines/:pipelineId/builds/:buildId/stages/:stageId/manualStart',
  manualReview: ':projectId/:pipelineId/:buildId/:elementId/review',
  goToReview: ':projectId/:pipelineId/:buildId/:elementId/toReview',
} as const;
