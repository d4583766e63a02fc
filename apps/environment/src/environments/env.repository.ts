import { Injectable } from '@nestjs/common';
import { BKCI_HASH_IDS } from '@bkci/core';
import { containing } from '@bkci/persistence';
import { SealedSecret } from '@bkci/secrets';
import { DataSource, EntityManager, FindOptionsWhere, In, Not } from 'typeorm';
import { EnvNodeEntity } from './entities/env-node.entity';
import { EnvShareProjectEntity } from './entities/env-share-project.entity';
import { EnvEntity } from './entities/env.entity';

/** What an env list is narrowed to; `envIds` null means every env of the project. */
export interface EnvFilter {
  /** Matches a part of the name (BK-CI). */
  envName?: string;
  envTypes?: string[];
  envIds?: number[] | null;
}

/**
 * Reads and writes of the env table. An env is named by its project and hash id, which decodes to
 * the row id; a deleted env (IS_DELETED) is invisible to every read here.
 */
@Injectable()
export class EnvRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Inserts an env and gives it its hash id and its sealed secure values, which are bound to the id
   * the insert assigns; in `manager`'s transaction, so the row is never seen without them.
   */
  async insert(row: Omit<EnvEntity, 'envId' | 'envHashId' | keyof SealedSecret>, seal: (envId: number) => SealedSecret, manager: EntityManager): Promise<EnvEntity> {
    const result = await manager.insert(EnvEntity, { ...row, envHashId: '', keyId: '', wrappedKey: '', ciphertext: '' });
    const envId = Number(result.identifiers[0].envId);
    const written = { envHashId: BKCI_HASH_IDS.encode(envId), ...seal(envId) };
    await manager.update(EnvEntity, { envId }, written);
    return { ...row, envId, ...written };
  }

  async findByHashId(projectId: string, envHashId: string, manager: EntityManager = this.dataSource.manager): Promise<EnvEntity | null> {
    const envId = BKCI_HASH_IDS.decode(envHashId);
    if (envId === null) return null;
    return manager.findOneBy(EnvEntity, { envId, projectId, isDeleted: false });
  }

  findByName(projectId: string, envName: string, manager: EntityManager = this.dataSource.manager): Promise<EnvEntity | null> {
    return manager.findOneBy(EnvEntity, { projectId, envName, isDeleted: false });
  }

  /** Whether another live env of the project has this name. */
  async nameTaken(projectId: string, envName: string, exceptEnvId: number | null, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const where: FindOptionsWhere<EnvEntity> = { projectId, envName, isDeleted: false };
    if (exceptEnvId !== null) where.envId = Not(exceptEnvId);
    return (await manager.countBy(EnvEntity, where)) > 0;
  }

  /** The project's live envs, newest first. */
  list(projectId: string, filter: EnvFilter = {}): Promise<EnvEntity[]> {
    if (filter.envIds && filter.envIds.length === 0) return Promise.resolve([]);
    const where: FindOptionsWhere<EnvEntity> = { projectId, isDeleted: false };
    if (filter.envName) where.envName = containing(filter.envName);
    if (filter.envTypes?.length) where.envType = In(filter.envTypes);
    if (filter.envIds) where.envId = In(filter.envIds);
    return this.dataSource.manager.find(EnvEntity, { where, order: { envId: 'DESC' } });
  }

  /** The project's live envs among these hash ids (unknown ones are left out). */
  listByHashIds(projectId: string, envHashIds: string[]): Promise<EnvEntity[]> {
    return this.list(projectId, { envIds: decodeAll(envHashIds) });
  }

  listByNames(projectId: string, envNames: string[]): Promise<EnvEntity[]> {
    if (envNames.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(EnvEntity, { where: { projectId, envName: In(envNames), isDeleted: false }, order: { envId: 'DESC' } });
  }

  /** Live envs with these ids, in any project (shared envs seen from the projects they are shared with). */
  listByIds(envIds: number[]): Promise<EnvEntity[]> {
    if (envIds.length === 0) return Promise.resolve([]);
    return this.dataSource.manager.find(EnvEntity, { where: { envId: In(envIds), isDeleted: false }, order: { envId: 'DESC' } });
  }

  /** How many live envs of each type the project has (types it has none of are left out). */
  async countByType(projectId: string): Promise<Record<string, number>> {
    const rows: Array<{ envType: string; count: string | number }> = await this.dataSource.manager
      .createQueryBuilder(EnvEntity, 'e')
      .select('e.envType', 'envType')
      .addSelect('COUNT(*)', 'count')
      .where('e.projectId = :projectId AND e.isDeleted = :deleted', { projectId, deleted: false })
      .groupBy('e.envType')
      .getRawMany();
    return Object.fromEntries(rows.map((row) => [row.envType, Number(row.count)]));
  }

  async update(envId: number, next: Partial<EnvEntity>, manager: EntityManager): Promise<void> {
    await manager.update(EnvEntity, { envId }, next);
  }

  /** Marks the env deleted and drops its members and shares; whether a live env was deleted. */
  async softDelete(envId: number, userId: string, manager: EntityManager): Promise<boolean> {
    const result = await manager.update(EnvEntity, { envId, isDeleted: false }, { isDeleted: true, updatedUser: userId, updatedTime: new Date() });
    await manager.delete(EnvNodeEntity, { envId });
    await manager.delete(EnvShareProjectEntity, { envId });
    return !!result.affected;
  }
}

export function decodeAll(hashIds: string[]): number[] {
  return hashIds.map((hash) => BKCI_HASH_IDS.decode(hash)).filter((id): id is number => id !== null);
}
