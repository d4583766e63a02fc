import { appPath, USER_AGENT_READS, USER_AGENTS_CONTROLLER, USER_ENV_NODE_CONTROLLER, USER_ENVIRONMENT_CALLS, USER_ENVIRONMENT_CONTROLLER } from '@bkci/contracts';
import { doc, Query, renamedRest, required, requiredValue, rest, V4ParameterMissing, V4Route, V4Target } from './v4-route';

const envs = (projectId: string, ...segments: string[]) => appPath([USER_ENVIRONMENT_CONTROLLER, ...segments], { projectId });
const envCall = (projectId: string, call: string, envHashId: string) => appPath([USER_ENVIRONMENT_CONTROLLER, call], { projectId, envHashId });
const envNodes = (projectId: string, ...segments: string[]) => appPath([USER_ENV_NODE_CONTROLLER, ...segments], { projectId });
const environment = (path: string): V4Target => ({ app: 'environment', path });
const V4_ENV = '^/environment/projects/([^/]+)/';

/** v4 `enable_env_node` names its switch `enable`; the user route `enableNode`. */
const ENABLE_NODE_QUERY_NAMES: Record<string, string> = { enable: 'enableNode' };

/** BK-CI ApigwEnvironmentResourceV4: each call and the user route of environment it is served by. */
export const V4_ENVIRONMENT_ROUTES: V4Route[] = [
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

/** The v4 third-party agent node calls, served by the agent routes of environment. */
export const V4_AGENT_NODE_ROUTES: V4Route[] = [
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
];
