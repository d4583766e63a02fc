import { Injectable } from '@nestjs/common';
import { BKCI_HASH_IDS, Paging } from '@bkci/core';
import { containsPattern, LIKE_ESCAPE } from '@bkci/persistence';
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

/** BK-CI's listNew filters; text filters match a part, `nodeIds` null means every node of the project. */
export interface NodeFilter {
  nodeIds: number[] | null;
  nodeIp?: string;
  displayName?: string;
  createdUser?: string;
  lastModifiedUser?: string;
  /** Matches the IP or the display name. */
  keywords?: string;
  nodeType?: string;
  nodeStatus?: string;
  agentVersion?: string;
  osName?: string;
  latestBuildPipelineId?: string;
  latestBuildTimeStart?: number;
  latestBuildTimeEnd?: number;
  sortType?: NodeSortType;
  /** ASC, else descending (BK-CI). */
  collation?: string;
}

/** BK-CI's listNew sort keys and the column each sorts by. */
export const NODE_SORT_COLUMNS = {
  displayName: 'displayName',
  nodeIp: 'nodeIp',
  osName: 'osName',
  nodeStatus: 'nodeStatus',
  createdUser: 'createdUser',
  lastModifiedUser: 'lastModifyUser',
  lastModifiedTime: 'lastModifyTime',
  nodeType: 'nodeType',
  latestBuildPipelineId: 'lastBuildPipelineId',
  latestBuildTime: 'lastBuildTime',
} as const;
export type NodeSortType = keyof typeof NODE_SORT_COLUMNS;

/** Text filters matched as a part of their column. */
const PARTIAL_FILTERS = [
  ['displayName', 'displayName'],
  ['createdUser', 'createdUser'],
  ['lastModifiedUser', 'lastModifyUser'],
  ['agentVersion', 'agentVersion'],
  ['osName', 'osName'],
  ['latestBuildPipelineId', 'lastBuildPipelineId'],
] as const;

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

  /** The project's live nodes, oldest first. */
  listByProject(projectId: string, nodeIds: number[] | null = null): Promise<NodeEntity[]> {
    if (nodeIds && nodeIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(NodeEntity, { where: { projectId, nodeStatus: Not('DELETED'), ...(nodeIds ? { nodeId: In(nodeIds) } : {}) }, order: { nodeId: 'ASC' } });
  }

  /** A page of the project's live nodes matching BK-CI's listNew filters; newest first unless sorted. */
  page(projectId: string, filter: NodeFilter, paging: Paging): Promise<[NodeEntity[], number]> {
    const query = this.dataSource.manager
      .createQueryBuilder(NodeEntity, 'n')
      .where('n.projectId = :projectId', { projectId })
      .andWhere("n.nodeStatus <> 'DELETED'");
    if (filter.nodeIds !== null) {
      if (filter.nodeIds.length === 0) return Promise.resolve([[], 0]);
      query.andWhere('n.nodeId IN (:...nodeIds)', { nodeIds: filter.nodeIds });
    }
    if (filter.keywords) query.andWhere(`(n.nodeIp LIKE :keywords ESCAPE '${LIKE_ESCAPE}' OR n.displayName LIKE :keywords ESCAPE '${LIKE_ESCAPE}')`, { keywords: containsPattern(filter.keywords) });
    if (filter.nodeIp) {
      // BK-CI: several comma-separated IPs match exactly, one IP matches a part.
      const ips = filter.nodeIp.split(',').map((ip) => ip.trim()).filter((ip) => ip !== '');
      if (ips.length === 1) query.andWhere(`n.nodeIp LIKE :nodeIp ESCAPE '${LIKE_ESCAPE}'`, { nodeIp: containsPattern(ips[0]) });
      if (ips.length > 1) query.andWhere('n.nodeIp IN (:...nodeIps)', { nodeIps: ips });
    }
    for (const [name, column] of PARTIAL_FILTERS) {
      const value = filter[name];
      if (value) query.andWhere(`n.${column} LIKE :${name} ESCAPE '${LIKE_ESCAPE}'`, { [name]: containsPattern(value) });
    }
    if (filter.nodeType) query.andWhere('n.nodeType = :nodeType', { nodeType: filter.nodeType });
    if (filter.nodeStatus) query.andWhere('n.nodeStatus = :nodeStatus', { nodeStatus: filter.nodeStatus });
    if (filter.latestBuildTimeStart) query.andWhere('n.lastBuildTime >= :start', { start: new Date(filter.latestBuildTimeStart) });
    if (filter.latestBuildTimeEnd) query.andWhere('n.lastBuildTime <= :end', { end: new Date(filter.latestBuildTimeEnd) });
    if (filter.sortType) query.orderBy(`n.${NODE_SORT_COLUMNS[filter.sortType]}`, filter.collation === 'ASC' ? 'ASC' : 'DESC').addOrderBy('n.nodeId', 'DESC');
    else query.orderBy('n.nodeId', 'DESC');
    return query.skip(paging.offset).take(paging.pageSize).getManyAndCount();
  }

  /** Whether a live node was renamed. */
  async updateDisplayName(projectId: string, nodeId: number, displayName: string, userId: string): Promise<boolean> {
    const result = await this.dataSource.manager.update(NodeEntity, { projectId, nodeId, nodeStatus: Not('DELETED') }, { displayName, lastModifyUser: userId, lastModifyTime: new Date() });
    return !!result.affected;
  }

  /** Whether another live node of the project has this display name (BK-CI keeps them unique). */
  async displayNameTaken(projectId: string, displayName: string, exceptNodeId: number): Promise<boolean> {
    return (await this.dataSource.manager.countBy(NodeEntity, { projectId, displayName, nodeId: Not(exceptNodeId), nodeStatus: Not('DELETED') })) > 0;
  }

  /** The project's live nodes with this display name. */
  findByDisplayName(projectId: string, displayName: string): Promise<NodeEntity[]> {
    return this.dataSource.manager.find(NodeEntity, { where: { projectId, displayName, nodeStatus: Not('DELETED') }, order: { nodeId: 'ASC' } });
  }

  /** Marks live nodes DELETED; the ids of those that were live. */
  async markDeleted(projectId: string, nodeIds: number[], userId: string, manager: EntityManager): Promise<number[]> {
    if (nodeIds.length === 0) return [];
    const live = await manager.find(NodeEntity, { where: { projectId, nodeId: In(nodeIds), nodeStatus: Not('DELETED') }, select: { nodeId: true } });
    if (live.length === 0) return [];
    await manager.update(NodeEntity, { projectId, nodeId: In(live.map((node) => node.nodeId)) }, { nodeStatus: 'DELETED', lastModifyUser: userId, lastModifyTime: new Date() });
    return live.map((node) => node.nodeId);
  }

  /** How many live nodes of each type the project has (BK-CI nodesCount). */
  async countByType(projectId: string): Promise<Record<string, number>> {
    const rows: Array<{ nodeType: string; count: string | number }> = await this.dataSource.manager
      .createQueryBuilder(NodeEntity, 'n')
      .select('n.nodeType', 'nodeType')
      .addSelect('COUNT(*)', 'count')
      .where("n.projectId = :projectId AND n.nodeStatus <> 'DELETED'", { projectId })
      .groupBy('n.nodeType')
      .getRawMany();
    return Object.fromEntries(rows.map((row) => [row.nodeType, Number(row.count)]));
  }
}
