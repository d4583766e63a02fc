import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { EnvNodeEntity } from './entities/env-node.entity';

/** The static members of envs (T_ENV_NODE). */
@Injectable()
export class EnvNodeRepository {
  constructor(private readonly dataSource: DataSource) {}

  listByEnvIds(envIds: number[], manager: EntityManager = this.dataSource.manager): Promise<EnvNodeEntity[]> {
    if (envIds.length === 0) return Promise.resolve([]);
    return manager.find(EnvNodeEntity, { where: { envId: In(envIds) }, order: { nodeId: 'ASC' } });
  }

  /** The memberships of these nodes in any env. */
  listByNodeIds(nodeIds: number[]): Promise<EnvNodeEntity[]> {
    if (nodeIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(EnvNodeEntity, { where: { nodeId: In(nodeIds) } });
  }

  /** Adds nodes to an env, enabled; a node a concurrent add put there first stays as it is. */
  async add(projectId: string, envId: number, nodeIds: number[], manager: EntityManager): Promise<void> {
    if (nodeIds.length === 0) return;
    await manager
      .createQueryBuilder()
      .insert()
      .into(EnvNodeEntity)
      .values(nodeIds.map((nodeId) => ({ envId, nodeId, projectId, enableNode: true })))
      .orIgnore()
      .execute();
  }

  /** How many of these nodes were members. */
  async remove(envId: number, nodeIds: number[], manager: EntityManager): Promise<number> {
    if (nodeIds.length === 0) return 0;
    const result = await manager.delete(EnvNodeEntity, { envId, nodeId: In(nodeIds) });
    return result.affected ?? 0;
  }

  /** Whether the node is a member (and so was changed). */
  async setEnabled(envId: number, nodeId: number, enableNode: boolean, manager: EntityManager): Promise<boolean> {
    const result = await manager.update(EnvNodeEntity, { envId, nodeId }, { enableNode });
    return !!result.affected;
  }

  /** A deleted node leaves every env. */
  async removeNodes(nodeIds: number[], manager: EntityManager): Promise<void> {
    if (nodeIds.length === 0) return;
    await manager.delete(EnvNodeEntity, { nodeId: In(nodeIds) });
  }
}
