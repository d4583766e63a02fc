import type { EnvNodeInfo, ThirdPartyAgentView } from '@bkci/contracts';
import { BKCI_HASH_IDS } from '@bkci/core';
import type { NodeEntity } from '../nodes/entities/node.entity';
import { toNodeBaseInfo } from '../nodes/node-views';
import { AGENT_STATUS, agentStatusName } from './agent-status';
import { AgentActionEntity } from './entities/agent-action.entity';
import { AgentOfflinePeriodEntity } from './entities/agent-offline-period.entity';
import { ThirdPartyAgentEntity } from './entities/third-party-agent.entity';

/** BK-CI's hint of the most jobs an agent should run at once (its detail's maxParallelTaskCount). */
const MAX_PARALLEL_TASK_COUNT = '10';

/** BK-CI ThirdPartyAgentInfo: a row of the project's agent list. */
export interface ThirdPartyAgentInfo {
  agentId: string;
  projectId: string;
  status: string;
  hostname: string;
  ip: string;
  displayName: string;
  detailName: string | null;
}

/** BK-CI ThirdPartyAgentStatusWithInfo. */
export interface ThirdPartyAgentStatusWithInfo {
  status: string;
  hostname: string;
  ip: string;
  os: string;
}

/** BK-CI ThirdPartyAgentDetail, the fields this server knows (the rest are ''). */
export interface ThirdPartyAgentDetail {
  agentId: string;
  nodeId: string;
  displayName: string;
  projectId: string;
  status: string;
  hostname: string;
  os: string;
  osName: string;
  ip: string;
  createdUser: string;
  createdTime: string;
  agentVersion: string;
  slaveVersion: string;
  agentInstallPath: string;
  maxParallelTaskCount: string;
  parallelTaskCount: string;
  dockerParallelTaskCount: string;
  startedUser: string;
  agentUrl: string;
  agentScript: string;
  lastHeartbeatTime: string;
  ncpus: string;
  memTotal: string;
  diskTotal: string;
  currentAgentVersion: string;
  currentWorkerVersion: string;
  exitErrorMsg: string | null;
  arch: string;
  sharedWithAll: boolean;
}

/** BK-CI NodeBaseInfo of an agent's node (v4 third_part_agent_nodes, third_part_agent_node_status): the node as env lists show it, with its agent. */
export interface NodeBaseInfo extends EnvNodeInfo {
  operator: string | null;
  bakOperator: string | null;
  gateway: string;
  bizId: number;
  nodeName: string;
  size: string | null;
  agentHashId: string;
  agentId: number;
  createWorkspaceId: string | null;
  operatorStatus: string | null;
}

export function nodeBaseInfo(agent: ThirdPartyAgentEntity, node: NodeEntity): NodeBaseInfo {
  return {
    ...toNodeBaseInfo(node),
    agentStatus: agent.status === AGENT_STATUS.IMPORT_OK,
    operator: null,
    bakOperator: null,
    gateway: '',
    bizId: -1,
    nodeName: node.nodeName,
    size: null,
    agentHashId: agent.agentId ?? '',
    agentId: agent.id,
    createWorkspaceId: null,
    operatorStatus: null,
  };
}

export function agentInfo(agent: ThirdPartyAgentEntity, node: NodeEntity | undefined): ThirdPartyAgentInfo {
  return {
    agentId: agent.agentId ?? '',
    projectId: agent.projectId,
    status: agentStatusName(agent.status),
    hostname: agent.hostname,
    ip: agent.ip,
    displayName: node?.displayName ?? '',
    detailName: node ? `${node.displayName}(${agent.ip})` : null,
  };
}

export function agentDetail(agent: ThirdPartyAgentEntity, node: NodeEntity | null): ThirdPartyAgentDetail {
  return {
    agentId: agent.agentId ?? '',
    nodeId: node?.nodeHashId ?? '',
    displayName: node?.displayName ?? '',
    projectId: agent.projectId,
    status: agentStatusName(agent.status),
    hostname: agent.hostname,
    os: agent.os,
    osName: agent.detectOs,
    ip: agent.ip,
    createdUser: agent.createdUser,
    createdTime: formatTime(agent.createdTime),
    agentVersion: agent.masterVersion,
    slaveVersion: agent.version,
    agentInstallPath: agent.agentInstallPath,
    maxParallelTaskCount: MAX_PARALLEL_TASK_COUNT,
    parallelTaskCount: agent.parallelTaskCount === null ? '' : String(agent.parallelTaskCount),
    dockerParallelTaskCount: '',
    startedUser: agent.startedUser,
    agentUrl: '',
    agentScript: '',
    lastHeartbeatTime: agent.lastHeartbeatTime ? formatTime(agent.lastHeartbeatTime) : '',
    ncpus: '',
    memTotal: '',
    diskTotal: '',
    currentAgentVersion: agent.masterVersion,
    currentWorkerVersion: agent.version,
    exitErrorMsg: null,
    arch: agent.props?.arch ?? '',
    sharedWithAll: agent.sharedWithAll,
  };
}

export function agentView(agent: ThirdPartyAgentEntity): ThirdPartyAgentView {
  return {
    agentId: agent.agentId ?? '',
    projectId: agent.projectId,
    nodeId: agent.nodeId === null ? null : BKCI_HASH_IDS.encode(agent.nodeId),
    status: agentStatusName(agent.status),
    hostname: agent.hostname,
    os: agent.os,
    ip: agent.ip,
    createUser: agent.createdUser,
    createTime: agent.createdTime.getTime(),
    parallelTaskCount: agent.parallelTaskCount ?? 0,
    runningTaskCount: agent.runningTaskCount,
    masterVersion: agent.masterVersion,
    sharedWithAll: agent.sharedWithAll,
    lastHeartbeatTime: agent.lastHeartbeatTime?.getTime() ?? null,
  };
}

/** BK-CI ThirdPartyAgentAction. */
export function actionView(agentId: string, action: AgentActionEntity) {
  return { agentId, projectId: action.projectId, action: action.action, actionTime: action.actionTime.getTime() };
}

/** BK-CI OfflinePeriod (its LocalDateTimes as BK-CI's JSON writes them, `yyyy-MM-dd HH:mm:ss`). */
export function offlinePeriodView(period: AgentOfflinePeriodEntity) {
  return {
    offlineTime: formatTime(period.offlineTime),
    onlineTime: period.onlineTime ? formatTime(period.onlineTime) : null,
    duration: period.durationSeconds,
  };
}

/** `yyyy-MM-dd HH:mm:ss`, UTC. */
function formatTime(time: Date): string {
  return time.toISOString().slice(0, 19).replace('T', ' ');
}
