import { Injectable } from '@nestjs/common';
import { Page, resolvePaging, toPage } from '@bkci/core';
import { containing } from '@bkci/persistence';
import { DataSource, FindOptionsWhere, In, IsNull, Not } from 'typeorm';
import { ListTemplatesDto } from './dto/template-queries.dto';
import { TemplateInfoEntity } from './entities/template-info.entity';

const ORDER_COLUMNS = { NAME: 'name', CREATE_TIME: 'createdAt', UPDATE_TIME: 'updatedAt' } as const;
const EQUAL_FILTERS = ['mode', 'type', 'latestVersionStatus', 'storeStatus', 'creator', 'updater'] as const;

/** Queries over a project's template head rows by BK-CI's PipelineTemplateCommonCondition. */
@Injectable()
export class TemplateListRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A page of the project's templates matching `condition`; with `ids`, only those. */
  async page(projectId: string, condition: ListTemplatesDto, ids?: string[]): Promise<Page<TemplateInfoEntity>> {
    const paging = resolvePaging(condition);
    const [records, count] = await this.dataSource.manager.findAndCount(TemplateInfoEntity, {
      where: whereOf(projectId, condition, ids),
      order: { [ORDER_COLUMNS[condition.orderBy ?? 'UPDATE_TIME']]: condition.sort ?? 'DESC', id: 'ASC' },
      skip: paging.offset,
      take: paging.pageSize,
    });
    return toPage(records, count, paging);
  }

  /** How many of the matching templates have each value of `column` (values no template has are absent). */
  async countBy(column: 'type' | 'mode', projectId: string, condition: ListTemplatesDto, ids?: string[]): Promise<Record<string, number>> {
    const groups = await this.dataSource.manager
      .createQueryBuilder(TemplateInfoEntity, 'template')
      .select(`template.${column}`, 'value')
      .addSelect('COUNT(*)', 'count')
      .where(whereOf(projectId, condition, ids))
      .groupBy(`template.${column}`)
      .getRawMany<{ value: string; count: number | string }>();
    return Object.fromEntries(groups.map((group) => [group.value, Number(group.count)]));
  }

  /** The project's PIPELINE templates that have a release, by name (what "create a pipeline from a template" offers). */
  releasedPipelineTemplates(projectId: string): Promise<TemplateInfoEntity[]> {
    return this.dataSource.manager.find(TemplateInfoEntity, { where: { projectId, type: 'PIPELINE', releasedVersion: Not(IsNull()) }, order: { name: 'ASC' } });
  }
}

function whereOf(projectId: string, condition: ListTemplatesDto, ids?: string[]): FindOptionsWhere<TemplateInfoEntity> {
  const where: FindOptionsWhere<TemplateInfoEntity> = { projectId };
  if (ids !== undefined) where.id = In(ids);
  if (condition.fuzzySearchName) where.name = containing(condition.fuzzySearchName);
  if (condition.desc) where.description = containing(condition.desc);
  for (const key of EQUAL_FILTERS) {
    if (condition[key] !== undefined) (where as Record<string, unknown>)[key] = condition[key];
  }
  return where;
}
