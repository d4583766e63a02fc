import { Injectable } from '@nestjs/common';
import { Paging } from '@bkci/core';
import { DataSource, EntityManager, FindOptionsWhere } from 'typeorm';
import { EnvOperateLogEntity } from './entities/env-operate-log.entity';

/** The history of changes to envs (T_ENV_OPERATE_LOG). */
@Injectable()
export class EnvOperateLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async add(row: Omit<EnvOperateLogEntity, 'id'>, manager: EntityManager): Promise<void> {
    await manager.insert(EnvOperateLogEntity, row);
  }

  /** A page of one env's history, newest first. */
  page(projectId: string, envId: number, operator: string | undefined, paging: Paging): Promise<[EnvOperateLogEntity[], number]> {
    const where: FindOptionsWhere<EnvOperateLogEntity> = { projectId, envId };
    if (operator) where.createdUser = operator;
    return this.dataSource.manager.findAndCount(EnvOperateLogEntity, { where, order: { id: 'DESC' }, skip: paging.offset, take: paging.pageSize });
  }
}
