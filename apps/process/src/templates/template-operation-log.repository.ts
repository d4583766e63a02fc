import { Injectable } from '@nestjs/common';
import { Paging } from '@bkci/core';
import { DataSource, EntityManager } from 'typeorm';
import { TemplateOperationLogEntity } from './entities/template-operation-log.entity';
import { insertRows } from './entity-writes';

/** The template operation log (BK-CI's T_PIPELINE_TEMPLATE_OPERATION_LOG): what was done to a template, by whom. */
@Injectable()
export class TemplateOperationLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  async record(entry: TemplateOperationLogEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await insertRows(manager, TemplateOperationLogEntity, entry);
  }

  /** A page of the template's log, newest first; with `operator`, only what they did. */
  page(projectId: string, templateId: string, operator: string | undefined, paging: Paging): Promise<[TemplateOperationLogEntity[], number]> {
    return this.dataSource.manager.findAndCount(TemplateOperationLogEntity, {
      where: operator ? { projectId, templateId, operator } : { projectId, templateId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: paging.offset,
      take: paging.pageSize,
    });
  }

  /** Everyone who did something to the template, as its log records them (BK-CI operatorList). */
  async operators(projectId: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager
      .createQueryBuilder(TemplateOperationLogEntity, 'log')
      .select('DISTINCT log.operator', 'operator')
      .where('log.projectId = :projectId AND log.templateId = :templateId', { projectId, templateId })
      .orderBy('log.operator', 'ASC')
      .getRawMany<{ operator: string }>();
    return rows.map((row) => row.operator);
  }
}
