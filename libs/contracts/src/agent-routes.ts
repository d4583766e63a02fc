import type { NodeTagSelector, ServiceRoute } from './service-routes';

/*
 * environment's service API for third-party build agents (BK-CI ServiceThirdPartyAgentResource): the
 * gateway verifying an agent's credentials, the standalone launcher asking for its local agent, and
 * the build engine picking agents.
 */

/** environment: BK-CI's /service/environment/thirdPartyAgent API. */
export const AGENT_SERVICE_CONTROLLER = 'service/environment/thirdPartyAgent';

function agentRoute<Params extends string, Query, Body, Response>(method: ServiceRoute<Params, Query, Body, Response>['method'], path: string): ServiceRoute<Params, Query, Body, Response> {
  return { app: 'environment', method, controller: AGENT_SERVICE_CONTROLLER, path };
}

/** What an agent sends in its X-DEVOPS-* headers, as the gateway hands it on. */
export interface VerifyAgentBody {
  projectId: string;
  agentId: string;
  secretKey: string;
  /** `<hostname>` or `<hostname>#<16 hex of the machine id>`. */
  host: string;
}

/** environment: who an agent is; 401 for an unknown or deleted agent or a wrong secret, 403 for another host. */
export const VERIFY_AGENT = agentRoute<never, undefined, VerifyAgentBody, { projectId: string; agentId: string }>('POST', 'agents/verify');

/** What the standalone launcher writes to the local agent's agent.json. */
export interface LocalAgentCredentials {
  gateway: string;
  projectId: string;
  agentId: string;
  secretKey: string;
}

/** environment: the standalone launcher's local agent (made and imported once, a fresh secret each call). */
export const LOCAL_AGENT = agentRoute<never, undefined, undefined, LocalAgentCredentials>('POST', 'localAgent');

/** An agent as the build engine sees it (BK-CI ThirdPartyAgent, plus what its last heartbeat said). */
export interface ThirdPartyAgentView {
  agentId: string;
  projectId: string;
  /** The node's hash id once imported. */
  nodeId: string | null;
  /** BK-CI's AgentStatus name: UN_IMPORT, UN_IMPORT_OK, IMPORT_OK, IMPORT_EXCEPTION, DELETE. */
  status: string;
  hostname: string;
  os: string;
  ip: string;
  createUser: string;
  createTime: number;
  /** How many jobs it runs at once; 0 = no limit. */
  parallelTaskCount: number;
  /** Jobs running on it, as its last heartbeat listed them. */
  runningTaskCount: number;
  masterVersion: string;
  /** Usable from every project (the default pool). */
  sharedWithAll: boolean;
  lastHeartbeatTime: number | null;
}

/** BK-CI EnvNodeAgent: an agent of an env, whether the env enables its node, and the node's display name. */
export interface EnvNodeAgentView {
  agent: ThirdPartyAgentView;
  enableNode: boolean;
  nodeDisplayName: string;
}

/** environment: the agents of the enabled nodes of an env of the project (BK-CI getAgentsByEnvId). */
export const AGENTS_BY_ENV_ID = agentRoute<'projectId' | 'envId', undefined, undefined, EnvNodeAgentView[]>('GET', 'projects/:projectId/envs/:envId');
/**
 * environment: the agents of the enabled nodes of the env a pipeline names: its own env's name, or
 * `<mainProjectId>@<envName>` for an env shared with the project (BK-CI getAgentsByEnvName).
 */
export const AGENTS_BY_ENV_NAME = agentRoute<'projectId' | 'envName', undefined, undefined, EnvNodeAgentView[]>('GET', 'projects/:projectId/envNames/:envName');
/** environment: the agents of the project's nodes carrying every tag selected (dispatch labels). */
export const AGENTS_BY_TAGS = agentRoute<'projectId', undefined, { tags: NodeTagSelector[] }, ThirdPartyAgentView[]>('POST', 'projects/:projectId/agents/byTags');

/** environment: one agent of the project (or shared with every project); 404 when there is none. */
export const AGENT_BY_ID = agentRoute<'projectId' | 'agentId', undefined, undefined, ThirdPartyAgentView>('GET', 'projects/:projectId/agents/:agentId');
/**
 * environment: the live agents of these nodes of the project, in the order the nodes are named (nodes
 * without one are left out): for a caller that already holds nodes (ENV_ENABLED_NODES, NODES_WITH_TAGS).
 */
export const AGENTS_BY_NODES = agentRoute<'projectId', undefined, { nodeHashIds: string[] }, ThirdPartyAgentView[]>('POST', 'projects/:projectId/agents/byNodes');
/** environment: the default pool, the agents shared with every project (a job naming no agent and no env runs there). */
export const DEFAULT_AGENT_POOL = agentRoute<never, undefined, undefined, ThirdPartyAgentView[]>('GET', 'agents/defaultPool');
