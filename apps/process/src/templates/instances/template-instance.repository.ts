import { Injectable } from '@nestjs/common';
import { Paging } from '@bkci/core';
import { DataSource, EntityManager, In } from 'typeorm';
import { insertRows } from '../entity-writes';
import { InstanceBaseStatus, TemplateInstanceBaseEntity } from './entities/template-instance-base.entity';
import { InstanceItemStatus, TemplateInstanceItemEntity } from './entities/template-instance-item.entity';

/** A batch that has not finished: waiting for its template's running batch, or running. */
export const UNFINISHED: InstanceBaseStatus[] = ['INIT', 'INSTANCING'];

/** Items are inserted this many rows at a time, so a large batch stays under the databases' parameter limits. */
const INSERT_CHUNK = 200;

/** An item as the task's item list shows it: without the request it was made from. */
export type InstanceItemSummary = Omit<TemplateInstanceItemEntity, 'request'>;

/**
 * The instantiation batches (template_instance_bases) and their items (template_instance_items).
 * Every change of state is conditional on the state it leaves, so a repeated event changes nothing.
 */
@Injectable()
export class TemplateInstanceRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Stores an accepted batch with all its items. */
  async addBatch(base: TemplateInstanceBaseEntity, items: TemplateInstanceItemEntity[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    await insertRows(manager, TemplateInstanceBaseEntity, base);
    for (let i = 0; i < items.length; i += INSERT_CHUNK) await insertRows(manager, TemplateInstanceItemEntity, items.slice(i, i + INSERT_CHUNK));
  }

  /** A batch of the project. */
  batchOf(projectId: string, baseId: string): Promise<TemplateInstanceBaseEntity | null> {
    return this.dataSource.manager.findOneBy(TemplateInstanceBaseEntity, { projectId, id: baseId });
  }

  /** A batch by id alone (what an event names). */
  batchById(baseId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateInstanceBaseEntity | null> {
    return manager.findOneBy(TemplateInstanceBaseEntity, { id: baseId });
  }

  /** A batch that must exist (one whose items were just settled). */
  requireBatch(baseId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateInstanceBaseEntity> {
    return manager.findOneByOrFail(TemplateInstanceBaseEntity, { id: baseId });
  }

  /** The batch if it is running (INSTANCING). */
  runningBatch(baseId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateInstanceBaseEntity | null> {
    return manager.findOneBy(TemplateInstanceBaseEntity, { id: baseId, status: 'INSTANCING' });
  }

  /** A page of a batch's items in the order they were accepted. */
  itemPage(baseId: string, status: InstanceItemStatus | undefined, paging: Paging): Promise<[InstanceItemSummary[], number]> {
    return this.dataSource.manager.findAndCount(TemplateInstanceItemEntity, {
      select: { id: true, baseId: true, projectId: true, pipelineId: true, pipelineName: true, status: true, errorMessage: true, createdAt: true, updatedAt: true },
      where: status ? { baseId, status } : { baseId },
      order: { createdAt: 'ASC', id: 'ASC' },
      skip: paging.offset,
      take: paging.pageSize,
    });
  }

  /** A page of a template's batches, newest first. */
  batchPage(projectId: string, templateId: string, status: InstanceBaseStatus | undefined, paging: Paging): Promise<[TemplateInstanceBaseEntity[], number]> {
    return this.dataSource.manager.findAndCount(TemplateInstanceBaseEntity, {
      where: status ? { projectId, templateId, status } : { projectId, templateId },
      order: { createdAt: 'DESC', id: 'DESC' },
      skip: paging.offset,
      take: paging.pageSize,
    });
  }

  failedItems(baseId: string): Promise<TemplateInstanceItemEntity[]> {
    return this.dataSource.manager.findBy(TemplateInstanceItemEntity, { baseId, status: 'FAILED' });
  }

  /** Which of the pipelines wait as an INIT item of an unfinished batch of the project. */
  busyPipelines(projectId: string, pipelineIds: string[]): Promise<Array<{ pipelineId: string }>> {
    return this.dataSource.manager
      .createQueryBuilder(TemplateInstanceItemEntity, 'item')
      .innerJoin(TemplateInstanceBaseEntity, 'base', 'base.id = item.baseId')
      .where('item.projectId = :projectId', { projectId })
      .andWhere('item.pipelineId IN (:...pipelineIds)', { pipelineIds })
      .andWhere('base.status IN (:...unfinished)', { unfinished: UNFINISHED })
      .andWhere("item.status = 'INIT'")
      .select('item.pipelineId', 'pipelineId')
      .getRawMany<{ pipelineId: string }>();
  }

  /** Every unfinished batch of every template (what a restart resumes). */
  unfinishedBatches(manager: EntityManager = this.dataSource.manager): Promise<TemplateInstanceBaseEntity[]> {
    return manager.findBy(TemplateInstanceBaseEntity, { status: In(UNFINISHED) });
  }

  /** The ids of a batch's items still to instantiate, in the order they were accepted. */
  async pendingItemIds(baseId: string, manager: EntityManager = this.dataSource.manager): Promise<string[]> {
    const rows = await manager.find(TemplateInstanceItemEntity, { select: { id: true }, where: { baseId, status: 'INIT' }, order: { createdAt: 'ASC', id: 'ASC' } });
    return rows.map((row) => row.id);
  }

  /** Those of the items that are still to instantiate, in the order they were accepted. */
  pendingItems(itemIds: string[], manager: EntityManager = this.dataSource.manager): Promise<TemplateInstanceItemEntity[]> {
    return manager.find(TemplateInstanceItemEntity, { where: { id: In(itemIds), status: 'INIT' }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /** Whether a batch of the template is running (one runs at a time). */
  templateRunning(projectId: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(TemplateInstanceBaseEntity, { projectId, templateId, status: 'INSTANCING' });
  }

  /** INIT → INSTANCING; false when the batch had already left INIT. */
  async start(baseId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(TemplateInstanceBaseEntity, { id: baseId, status: 'INIT' }, { status: 'INSTANCING', updatedAt: new Date() });
    return Boolean(result.affected);
  }

  /** Marks the items that are still INIT; returns how many it marked. */
  async markItems(itemIds: string[], status: 'SUCCESS' | 'FAILED', errorMessage: string | null, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const marked = await manager.update(TemplateInstanceItemEntity, { id: In(itemIds), status: 'INIT' }, { status, errorMessage, updatedAt: new Date() });
    return marked.affected ?? 0;
  }

  /** Adds `count` settled items to the batch's SUCCESS or FAILED count. */
  async countSettled(baseId: string, status: 'SUCCESS' | 'FAILED', count: number, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.increment(TemplateInstanceBaseEntity, { id: baseId }, status === 'SUCCESS' ? 'successItemNum' : 'failItemNum', count);
  }

  /** INSTANCING → `status`; false when the batch was already closed. */
  async close(baseId: string, status: 'SUCCESS' | 'FAILED' | 'PARTIAL_SUCCESS', manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const closed = await manager.update(TemplateInstanceBaseEntity, { id: baseId, status: 'INSTANCING' }, { status, updatedAt: new Date() });
    return Boolean(closed.affected);
  }

  /** The template's oldest waiting batch. */
  nextWaiting(projectId: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateInstanceBaseEntity | null> {
    return manager.findOne(TemplateInstanceBaseEntity, { where: { projectId, templateId, status: 'INIT' }, order: { createdAt: 'ASC', id: 'ASC' } });
  }
}
