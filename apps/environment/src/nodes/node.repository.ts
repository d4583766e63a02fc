import { Injectable } from '@nestjs/common';
import { BKCI_HASH_IDS } from '@bkci/core';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { NodeEntity } from './entities/node.entity';
import type { NodeStatus } from './node-types';

/** What an imported agent tells about its machine; the node of a THIRDPARTY agent is made from it. */
export interface ThirdPartyNodeInput {
  projectId: string;
  nodeIp: string;
  /** The agent's hostname. */
  nodeName: string;
  osName: string;
  /** LINUX, MACOS or WINDOWS. */
  osType: string;
  agentVersion: string;
  createdUser: string;
  /** NORMAL unless said otherwise. */
  nodeStatus?: NodeStatus;
}

/** What a heartbeat or startup may change on an agent's node. */
export type NodeAgentFacts = Partial<Pick<NodeEntity, 'nodeIp' | 'nodeName' | 'osName' | 'agentVersion' | 'nodeStatus'>>;

/**
 * Reads and writes of the node table. A node is named by its project and hash id; the hash id
 * decodes to the row id, so no lookup by string is needed. Deleted nodes (status DELETED) are
 * invisible to every read here.
 */
@Injectable()
export class NodeRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts a THIRDPARTY node for an imported agent and gives it BK-CI's hash id and string id
   * (`BUILD_<nodeHashId>_<ip>`, also the first display name). Runs in `manager`'s transaction when
   * given (the import's), else in its own, so the row is never seen without its hash id.
   */
  insertThirdPartyNode(input: ThirdPartyNodeInput, manager?: EntityManager): Promise<NodeEntity> {
    const work = async (m: EntityManager): Promise<NodeEntity> => {
      const now = new Date();
      const row: Omit<NodeEntity, 'nodeId'> = {
        nodeHashId: '',
        projectId: input.projectId,
        nodeStringId: '',
        nodeIp: input.nodeIp,
        nodeName: input.nodeName,
        nodeStatus: input.nodeStatus ?? 'NORMAL',
        nodeType: 'THIRDPARTY',
        displayName: '',
        osName: input.osName,
        osType: input.osType,
        agentVersion: input.agentVersion,
        createdUser: input.createdUser,
        createdTime: now,
        lastModifyUser: input.createdUser,
        lastModifyTime: now,
        pipelineRefCount: 0,
        lastBuildTime: null,
        lastBuildPipelineId: null,
      };
      const result = await m.insert(NodeEntity, row);
      const nodeId = Number(result.identifiers[0].nodeId);
      const nodeHashId = BKCI_HASH_IDS.encode(nodeId);
      const nodeStringId = `BUILD_${nodeHashId}_${input.nodeIp}`;
      await m.update(NodeEntity, { nodeId }, { nodeHashId, nodeStringId, displayName: nodeStringId });
      return { ...row, nodeId, nodeHashId, nodeStringId, displayName: nodeStringId };
    };
    return manager ? work(manager) : this.dataSource.transaction(work);
  }

  /** The project's node with this hash id, or null (unknown, another project's, or deleted). */
  async findByHashId(projectId: string, nodeHashId: string, manager: EntityManager = this.dataSource.manager): Promise<NodeEntity | null> {
    const nodeId = BKCI_HASH_IDS.decode(nodeHashId);
    if (nodeId === null) return null;
    return manager.findOneBy(NodeEntity, { nodeId, projectId, nodeStatus: Not('DELETED') });
  }

  /** The node with this id in any project, unless deleted. */
  findById(nodeId: number, manager: EntityManager = this.dataSource.manager): Promise<NodeEntity | null> {
    return manager.findOneBy(NodeEntity, { nodeId, nodeStatus: Not('DELETED') });
  }

  /** The project's live nodes among these hash ids (unknown ones are left out). */
  async findByHashIds(projectId: string, nodeHashIds: string[], manager: EntityManager = this.dataSource.manager): Promise<NodeEntity[]> {
    const ids = nodeHashIds.map((hash) => BKCI_HASH_IDS.decode(hash)).filter((id): id is number => id !== null);
    if (ids.length === 0) return [];
    return manager.find(NodeEntity, { where: { projectId, nodeId: In(ids), nodeStatus: Not('DELETED') }, order: { nodeId: 'ASC' } });
  }

  /** The live nodes with these ids, in any project. */
  findByIds(nodeIds: number[], manager: EntityManager = this.dataSource.manager): Promise<NodeEntity[]> {
    if (nodeIds.length === 0) return Promise.resolve([]);
    return manager.find(NodeEntity, { where: { nodeId: In(nodeIds), nodeStatus: Not('DELETED') }, order: { nodeId: 'ASC' } });
  }

  /** Sets a node's status (DELETED deletes it); whether a live node was changed. */
  async setStatus(projectId: string, nodeId: number, nodeStatus: NodeStatus, userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(NodeEntity, { projectId, nodeId, nodeStatus: Not('DELETED') }, { nodeStatus, lastModifyUser: userId, lastModifyTime: new Date() });
    return !!result.affected;
  }

  /** Copies what an agent reported onto its node (startup, heartbeat); whether a live node was changed. */
  async updateAgentFacts(projectId: string, nodeId: number, facts: NodeAgentFacts, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(NodeEntity, { projectId, nodeId, nodeStatus: Not('DELETED') }, facts);
    return !!result.affected;
  }
}
