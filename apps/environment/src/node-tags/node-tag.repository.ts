import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { NodeTagKeyEntity } from './entities/node-tag-key.entity';
import { NodeTagValueEntity } from './entities/node-tag-value.entity';
import { NodeTagEntity } from './entities/node-tag.entity';

/** Tag keys, their values, and which nodes carry which values (T_NODE_TAG_KEY, T_NODE_TAG_VALUES, T_NODE_TAGS). */
@Injectable()
export class NodeTagRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts a key with its values; a taken key name surfaces as the database's unique violation. */
  async createKey(projectId: string, keyName: string, allowMulValues: boolean, valueNames: string[], manager: EntityManager): Promise<number> {
    const createTime = new Date();
    const result = await manager.insert(NodeTagKeyEntity, { projectId, keyName, allowMulValues, createTime });
    const tagKeyId = Number(result.identifiers[0].id);
    await this.addValues(projectId, tagKeyId, valueNames, manager);
    return tagKeyId;
  }

  async addValues(projectId: string, tagKeyId: number, valueNames: string[], manager: EntityManager): Promise<void> {
    const createTime = new Date();
    for (const valueName of valueNames) await manager.insert(NodeTagValueEntity, { projectId, tagKeyId, valueName, createTime });
  }

  keys(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<NodeTagKeyEntity[]> {
    return manager.find(NodeTagKeyEntity, { where: { projectId }, order: { id: 'ASC' } });
  }

  key(projectId: string, id: number, manager: EntityManager = this.dataSource.manager): Promise<NodeTagKeyEntity | null> {
    return manager.findOneBy(NodeTagKeyEntity, { projectId, id });
  }

  values(projectId: string, tagKeyIds?: number[], manager: EntityManager = this.dataSource.manager): Promise<NodeTagValueEntity[]> {
    if (tagKeyIds && tagKeyIds.length === 0) return Promise.resolve([]);
    return manager.find(NodeTagValueEntity, { where: { projectId, ...(tagKeyIds ? { tagKeyId: In(tagKeyIds) } : {}) }, order: { id: 'ASC' } });
  }

  valuesByIds(projectId: string, ids: number[], manager: EntityManager = this.dataSource.manager): Promise<NodeTagValueEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.find(NodeTagValueEntity, { where: { projectId, id: In(ids) }, order: { id: 'ASC' } });
  }

  async renameKey(projectId: string, id: number, keyName: string, manager: EntityManager): Promise<void> {
    await manager.update(NodeTagKeyEntity, { projectId, id }, { keyName });
  }

  async renameValue(projectId: string, id: number, valueName: string, manager: EntityManager): Promise<void> {
    await manager.update(NodeTagValueEntity, { projectId, id }, { valueName });
  }

  async deleteKey(projectId: string, id: number, manager: EntityManager): Promise<void> {
    await manager.delete(NodeTagValueEntity, { projectId, tagKeyId: id });
    await manager.delete(NodeTagKeyEntity, { projectId, id });
  }

  async deleteValues(projectId: string, ids: number[], manager: EntityManager): Promise<void> {
    if (ids.length > 0) await manager.delete(NodeTagValueEntity, { projectId, id: In(ids) });
  }

  /** The tag values these nodes carry. */
  nodeTags(projectId: string, nodeIds: number[], manager: EntityManager = this.dataSource.manager): Promise<NodeTagEntity[]> {
    if (nodeIds.length === 0) return Promise.resolve([]);
    return manager.find(NodeTagEntity, { where: { projectId, nodeId: In(nodeIds) } });
  }

  /** The nodes carrying any of these values. */
  taggedWith(projectId: string, tagValueIds: number[], manager: EntityManager = this.dataSource.manager): Promise<NodeTagEntity[]> {
    if (tagValueIds.length === 0) return Promise.resolve([]);
    return manager.find(NodeTagEntity, { where: { projectId, tagValueId: In(tagValueIds) } });
  }

  /** Replaces the values a node carries. */
  async setNodeTags(projectId: string, nodeId: number, values: Array<{ tagKeyId: number; tagValueId: number }>, manager: EntityManager): Promise<void> {
    await manager.delete(NodeTagEntity, { projectId, nodeId });
    if (values.length > 0) await manager.insert(NodeTagEntity, values.map((value) => ({ projectId, nodeId, ...value })));
  }

  /** Deleted nodes carry no tags. */
  async removeNodes(projectId: string, nodeIds: number[], manager: EntityManager): Promise<void> {
    if (nodeIds.length > 0) await manager.delete(NodeTagEntity, { projectId, nodeId: In(nodeIds) });
  }
}
