import { Injectable } from '@nestjs/common';
import { Paging } from '@bkci/core';
import { containing } from '@bkci/persistence';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { EnvShareProjectEntity } from './entities/env-share-project.entity';

/** The projects envs are shared with (T_ENV_SHARE_PROJECT). */
@Injectable()
export class EnvShareRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Adds or refreshes shares (BK-CI's insert … on duplicate key update): a share that exists keeps its create time. */
  async save(rows: EnvShareProjectEntity[], manager: EntityManager): Promise<void> {
    for (const row of rows) {
      await manager.createQueryBuilder().insert().into(EnvShareProjectEntity).values(row).orIgnore().execute();
      const key = { envId: row.envId, mainProjectId: row.mainProjectId, sharedProjectId: row.sharedProjectId };
      await manager.update(EnvShareProjectEntity, key, { envName: row.envName, sharedProjectName: row.sharedProjectName, type: row.type, creator: row.creator, updateTime: row.updateTime });
    }
  }

  count(envId: number, mainProjectId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.countBy(EnvShareProjectEntity, { envId, mainProjectId });
  }

  /** A page of an env's shares, newest first; `name` matches the shared project's id or name. */
  page(envId: number, mainProjectId: string, filter: { name?: string; creator?: string }, paging: Paging): Promise<[EnvShareProjectEntity[], number]> {
    const base: FindOptionsWhere<EnvShareProjectEntity> = { envId, mainProjectId };
    if (filter.creator) base.creator = filter.creator;
    const where = filter.name ? [{ ...base, sharedProjectId: containing(filter.name) }, { ...base, sharedProjectName: containing(filter.name) }] : base;
    return this.dataSource.manager.findAndCount(EnvShareProjectEntity, { where, order: { createTime: 'DESC', sharedProjectId: 'ASC' }, skip: paging.offset, take: paging.pageSize });
  }

  /** The envs shared into a project, optionally only those of one main project and name. */
  sharedInto(sharedProjectId: string, named: { mainProjectId?: string; envName?: string } = {}): Promise<EnvShareProjectEntity[]> {
    return this.dataSource.manager.find(EnvShareProjectEntity, { where: { sharedProjectId, ...named }, order: { envId: 'DESC' } });
  }

  /** How many shares were removed. */
  async remove(envId: number, mainProjectId: string, sharedProjectId: string | null, manager: EntityManager): Promise<number> {
    const where: FindOptionsWhere<EnvShareProjectEntity> = { envId, mainProjectId };
    if (sharedProjectId !== null) where.sharedProjectId = sharedProjectId;
    return (await manager.delete(EnvShareProjectEntity, where)).affected ?? 0;
  }

  /** A renamed env is shared under its new name. */
  async rename(envId: number, envName: string, manager: EntityManager): Promise<void> {
    await manager.update(EnvShareProjectEntity, { envId }, { envName });
  }
}
