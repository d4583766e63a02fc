import type { Action, AllowedResourcesByAction, BuildContext } from '@bkci/auth';
import type { AppName } from '@bkci/config';
import { appPath } from './app-path';

/*
 * The service routes one app calls on another (BK-CI's /api/service/...). Each is declared once:
 * the callee's controller takes its paths from here, the caller's client fills them in, and the
 * types say what travels (query and body as they are on the wire, and the answer's `data`).
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface ServiceRoute<Params extends string, Query, Body, Response> {
  app: AppName;
  method: HttpMethod;
  /** The controller's path, e.g. `service/auth`. */
  controller: string;
  /** The handler's path under the controller, with `:name` parameters. */
  path: string;
  /** Never set: carries the types of the call to the client. */
  readonly types?: { params: Params; query: Query; body: Body; response: Response };
}

function route<Params extends string, Query, Body, Response>(app: AppName, method: HttpMethod, controller: string, path: string): ServiceRoute<Params, Query, Body, Response> {
  return { app, method, controller, path };
}

/** The path to call, `/api/<controller>/<path>` with each parameter encoded in place. */
export function servicePath<Params extends string>(target: ServiceRoute<Params, unknown, unknown, unknown>, params: Record<Params, string>): string {
  return appPath([target.controller, target.path], params);
}

/** `process` answers the RBAC questions of other apps (BK-CI /service/auth/...). */
export const PROCESS_AUTH_CONTROLLER = 'service/auth';

export interface ValidatePermissionQuery {
  userId: string;
  action: Action;
  resourceCode?: string;
}

export interface AllowedResourcesQuery {
  userId: string;
  /** Actions joined by commas. */
  actions: string;
}

export interface RegisterResourceBody {
  creator: string;
}

type ResourceParams = 'projectId' | 'resourceType' | 'resourceCode';

export const VALIDATE_PERMISSION = route<'projectId', ValidatePermissionQuery, undefined, boolean>('process', 'GET', PROCESS_AUTH_CONTROLLER, 'permission/projects/:projectId/validate');
/** BK-CI …/actions/instance/map: for each action, the resources of its type the user may act on. */
export const ALLOWED_RESOURCES = route<'projectId', AllowedResourcesQuery, undefined, AllowedResourcesByAction>(
  'process',
  'GET',
  PROCESS_AUTH_CONTROLLER,
  'permission/projects/:projectId/actions/instance/map',
);
/** BK-CI resourceCreateRelation: the creator of a new resource becomes its manager. */
export const REGISTER_RESOURCE = route<ResourceParams, undefined, RegisterResourceBody, boolean>('process', 'POST', PROCESS_AUTH_CONTROLLER, 'resource/:projectId/:resourceType/:resourceCode');
/** BK-CI resourceDeleteRelation. */
export const FORGET_RESOURCE = route<ResourceParams, undefined, undefined, boolean>('process', 'DELETE', PROCESS_AUTH_CONTROLLER, 'resource/:projectId/:resourceType/:resourceCode');

/*
 * ticket's service API. Its controller paths live here; the routes other apps call (the gateway
 * verifying build tokens, log fetching what to mask) are declared below them.
 */

/** ticket: BK-CI's /service/credentials API. */
export const TICKET_CREDENTIALS_SERVICE_CONTROLLER = 'service/credentials';
/** ticket: a build's tokens, one per job, issued when the job starts and revoked when it (or its build) ends. */
export const TICKET_BUILD_TOKENS_SERVICE_CONTROLLER = 'service/credentials/builds/tokens';

/** What a verified build token names (the gateway turns it into Caller.build); `vmSeqId` only for a job's token. */
export type BuildTokenClaims = BuildContext & { expiresAt: string };

/**
 * A job that starts (`vmSeqId`, its container's seq id) or, without `vmSeqId`, a whole build; a token
 * minted without `pipelineId` names none ('').
 */
export type MintBuildTokenBody = Omit<BuildContext, 'pipelineId'> & { pipelineId?: string; ttlSeconds?: number };

/** ticket: a token for a job that starts (the build engine mints one per job), or for a whole build. */
export const MINT_BUILD_TOKEN = route<never, undefined, MintBuildTokenBody, { token: string; expiresAt: string }>('ticket', 'POST', TICKET_BUILD_TOKENS_SERVICE_CONTROLLER, '');

/** ticket: the build ended; all its tokens, its jobs' included, stop working everywhere. */
export const REVOKE_BUILD_TOKENS = route<'projectId' | 'buildId', undefined, undefined, { revoked: number }>('ticket', 'DELETE', TICKET_BUILD_TOKENS_SERVICE_CONTROLLER, ':projectId/:buildId');

/** ticket: the job `vmSeqId` ended; its tokens stop working everywhere, the build's other jobs keep theirs. */
export const REVOKE_JOB_TOKEN = route<'projectId' | 'buildId' | 'vmSeqId', undefined, undefined, { revoked: number }>('ticket', 'DELETE', TICKET_BUILD_TOKENS_SERVICE_CONTROLLER, ':projectId/:buildId/jobs/:vmSeqId');

/** ticket: the build a token belongs to; 401 when it is unknown, expired or revoked (the build ended). */
export const VERIFY_BUILD_TOKEN = route<never, undefined, { token: string }, BuildTokenClaims>('ticket', 'POST', TICKET_BUILD_TOKENS_SERVICE_CONTROLLER, 'verify');

/** ticket, for log only: every secret value the build has read, with its base64 and URL-encoded forms. */
export const BUILD_SENSITIVE_VALUES = route<'buildId', undefined, undefined, string[]>('ticket', 'GET', TICKET_CREDENTIALS_SERVICE_CONTROLLER, 'builds/:buildId/sensitive-values');

/*
 * log's service API: other apps (process's BuildLogPrinter) print to a build's log. `projectId`
 * and `pipelineId` start the log of a build that has none yet.
 */

/** log: BK-CI's /service/logs API (printing here; reading beside it). */
export const LOG_SERVICE_CONTROLLER = 'service/logs';

/** BK-CI's LogMessage: one line printed; absent fields take BK-CI's defaults. */
export interface LogMessageBody {
  message: string;
  timestamp?: number;
  tag?: string;
  subTag?: string;
  stepId?: string;
  jobId?: string;
  containerHashId?: string;
  logType?: 'LOG' | 'WARN' | 'ERROR' | 'DEBUG';
  executeCount?: number;
}

export interface LogPrintQuery {
  buildId: string;
  projectId?: string;
  pipelineId?: string;
}

/** log: one line to a build's log. */
export const LOG_PRINT = route<never, LogPrintQuery, LogMessageBody, boolean>('log', 'POST', LOG_SERVICE_CONTROLLER, 'print');
/** log: lines to a build's log, stored once even when sent again. */
export const LOG_PRINT_MULTI = route<never, LogPrintQuery, LogMessageBody[], boolean>('log', 'POST', LOG_SERVICE_CONTROLLER, 'print/multi');

/** BK-CI's status query: which task (absent: the build itself), and for PUT whether it finished and its storage mode. */
export interface LogPrintStatusQuery extends LogPrintQuery {
  tag?: string;
  subTag?: string;
  /** The job's container hash id. */
  jobId?: string;
  executeCount?: number;
  userJobId?: string;
  stepId?: string;
  finished?: boolean;
  logStorageMode?: string;
}
/** log: a task's (or the build's) log starts. */
export const LOG_PRINT_STATUS_START = route<never, LogPrintStatusQuery, undefined, boolean>('log', 'POST', LOG_SERVICE_CONTROLLER, 'print/status');
/** log: a task's (or, with no tag, the build's) log ends (`finished=true`): a finished build log takes no more lines. */
export const LOG_PRINT_STATUS_END = route<never, LogPrintStatusQuery, undefined, boolean>('log', 'PUT', LOG_SERVICE_CONTROLLER, 'print/status');

/** log: BK-CI's /service/logs/{projectId}/{pipelineId}/{buildId} reads (no caller in this repository yet); beside LOG_SERVICE_CONTROLLER's printing. */
export const LOG_READ_SERVICE_CONTROLLER = 'service/logs/:projectId/:pipelineId/:buildId';

/*
 * environment: BK-CI's /service/environment and /service/node APIs. The build engine and the
 * agents feature pick machines with the routes declared below the controllers: the enabled nodes
 * of an env (by hash id, or by name, `<mainProjectId>@<envName>` naming an env shared into the
 * project) and the nodes carrying given tags.
 */

/** environment: BK-CI's /service/environment API. */
export const ENVIRONMENT_SERVICE_CONTROLLER = 'service/environment';
/** environment: BK-CI's /service/node API. */
export const NODE_SERVICE_CONTROLLER = 'service/node';

/** A node as the engine sees it (BK-CI NodeBaseInfo's essentials, with `envEnableNode` for env members). */
export interface EnvNodeInfo {
  nodeHashId: string;
  /** BK-CI's NODE_STRING_ID. */
  nodeId: string;
  name: string;
  ip: string;
  nodeStatus: string;
  agentStatus: boolean;
  nodeType: string;
  osName: string;
  osType: string;
  createdUser: string;
  displayName: string;
  envEnableNode: boolean | null;
  lastModifyTime: number;
}

/** The enabled live nodes of one env, and the env's project (another project's for a shared env). */
export interface EnvEnabledNodes {
  projectId: string;
  envHashId: string;
  envName: string;
  envType: string;
  nodes: EnvNodeInfo[];
}

/** One tag the nodes must carry: a key and any of its values (no values: any value of the key). */
export interface NodeTagSelector {
  key: string;
  values?: string[];
}

/** environment: the enabled nodes of an env of the project. */
export const ENV_ENABLED_NODES = route<'projectId' | 'envHashId', undefined, undefined, EnvEnabledNodes>('environment', 'GET', ENVIRONMENT_SERVICE_CONTROLLER, 'projects/:projectId/envs/:envHashId/enabled_nodes');
/** environment: the enabled nodes of an env named in a pipeline: its own env's name, or `<mainProjectId>@<envName>` for a shared one. */
export const ENV_ENABLED_NODES_BY_NAME = route<'projectId', { envName: string }, undefined, EnvEnabledNodes>(
  'environment',
  'GET',
  ENVIRONMENT_SERVICE_CONTROLLER,
  'projects/:projectId/enabled_nodes_by_name',
);
/** environment: the project's live THIRDPARTY nodes carrying every tag selected (dispatch labels). */
export const NODES_WITH_TAGS = route<'projectId', undefined, { tags: NodeTagSelector[] }, EnvNodeInfo[]>('environment', 'POST', NODE_SERVICE_CONTROLLER, 'projects/:projectId/nodes_with_tags');
