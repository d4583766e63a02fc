import type { EnvNodeInfo } from '@bkci/contracts';
import type { ResourcePermissions } from '@bkci/platform';
import type { NodeEntity } from './entities/node.entity';

/** BK-CI NodeTag: a key with the values one node carries (or, in fetchTag, all its values). */
export interface NodeTagView {
  tagKeyId: number;
  tagKeyName: string;
  tagAllowMulValue: boolean;
  tagValues: Array<{ tagValueId: number; tagValueName: string; nodeCount?: number; canUpdate?: string | null }>;
  nodeCount?: number;
  canUpdate?: string | null;
}

/** BK-CI NodeBaseInfo (the engine's EnvNodeInfo): a node as env member lists and raw lookups show it. */
export function toNodeBaseInfo(node: NodeEntity, envEnableNode: boolean | null = null): EnvNodeInfo {
  return {
    nodeHashId: node.nodeHashId,
    nodeId: node.nodeStringId,
    name: node.nodeName,
    ip: node.nodeIp,
    nodeStatus: node.nodeStatus,
    agentStatus: node.nodeStatus === 'NORMAL',
    nodeType: node.nodeType,
    osName: node.osName,
    osType: node.osType,
    createdUser: node.createdUser,
    displayName: node.displayName,
    envEnableNode,
    lastModifyTime: node.lastModifyTime.getTime(),
  };
}

/** BK-CI NodeWithPermission: a node as the node list and detail show it, with what the caller may do. */
export interface NodeWithPermission {
  nodeHashId: string;
  nodeId: string;
  name: string;
  ip: string;
  nodeStatus: string;
  nodeType: string;
  osName: string;
  osType: string;
  createdUser: string;
  canUse: boolean;
  canEdit: boolean;
  canDelete: boolean;
  canView: boolean;
  displayName: string;
  createTime: number;
  lastModifyTime: number;
  lastModifyUser: string;
  pipelineRefCount: number;
  lastBuildTime: number | null;
  lastBuildPipelineId: string | null;
  agentStatus: boolean;
  agentVersion: string;
  envNames: string[];
  tags: NodeTagView[];
}

export function toNodeWithPermission(node: NodeEntity, permissions: ResourcePermissions, envNames: string[], tags: NodeTagView[]): NodeWithPermission {
  return {
    nodeHashId: node.nodeHashId,
    nodeId: node.nodeStringId,
    name: node.nodeName,
    ip: node.nodeIp,
    nodeStatus: node.nodeStatus,
    nodeType: node.nodeType,
    osName: node.osName,
    osType: node.osType,
    createdUser: node.createdUser,
    canUse: permissions.use,
    canEdit: permissions.edit,
    canDelete: permissions.delete,
    canView: permissions.view,
    displayName: node.displayName,
    createTime: node.createdTime.getTime(),
    lastModifyTime: node.lastModifyTime.getTime(),
    lastModifyUser: node.lastModifyUser,
    pipelineRefCount: node.pipelineRefCount,
    lastBuildTime: node.lastBuildTime?.getTime() ?? null,
    lastBuildPipelineId: node.lastBuildPipelineId,
    agentStatus: node.nodeStatus === 'NORMAL',
    agentVersion: node.agentVersion,
    envNames,
    tags,
  };
}
