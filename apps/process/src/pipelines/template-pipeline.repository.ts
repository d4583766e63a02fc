import { Injectable } from '@nestjs/common';
import { Page, resolvePaging, toPage } from '@bkci/core';
import { containsPattern, isUniqueViolation, LIKE_ESCAPE } from '@bkci/persistence';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import {
  TemplatePipelineInstance,
  TemplatePipelineRelation,
  TemplatePipelineRelationInput,
  TemplateRelationQuery,
  TemplateSortType,
  toTemplateRelation,
} from './dto/template-relation.dto';
import { PipelineInfoEntity } from './entities/pipeline-info.entity';
import { TemplatePipelineEntity } from './entities/template-pipeline.entity';

/** How many live instances a template has at one of its versions (TemplatePipelineRepository.versionCounts). */
export interface TemplateVersionCount {
  templateId: string;
  templateVersion: number;
  count: number;
}

const SORT_COLUMNS: Record<TemplateSortType, string> = {
  PIPELINE_NAME: 'p.pipelineName',
  VERSION: 'r.templateVersion',
  UPDATE_TIME: 'r.updatedAt',
  STATUS: 'r.status',
};

/**
 * BK-CI's T_TEMPLATE_PIPELINE (`template_pipelines`): which template a pipeline instance follows.
 * The pipelines feature owns the table; the templates feature reads and counts instances through here.
 */
@Injectable()
export class TemplatePipelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The relations of new pipelines, with one multi-row insert. */
  async insertNew(inputs: TemplatePipelineRelationInput[], now: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (inputs.length > 0) await manager.insert(TemplatePipelineEntity, inputs.map((input) => newRelationRow(input, now)));
  }

  /** Inserts the relation, or updates it when the pipeline already has one (live or deleted). */
  async save(input: TemplatePipelineRelationInput, manager: EntityManager = this.dataSource.manager): Promise<TemplatePipelineRelation> {
    const now = new Date();
    const pipelineId = input.pipelineId;
    const values = relationValues(input, now);
    if (await manager.existsBy(TemplatePipelineEntity, { pipelineId })) {
      await manager.update(TemplatePipelineEntity, { pipelineId }, values);
    } else {
      try {
        await manager.insert(TemplatePipelineEntity, newRelationRow(input, now));
      } catch (error) {
        // Another writer inserted it since the check: its row gets our values.
        if (!isUniqueViolation(error)) throw error;
        await manager.update(TemplatePipelineEntity, { pipelineId }, values);
      }
    }
    return toTemplateRelation(await manager.findOneByOrFail(TemplatePipelineEntity, { pipelineId }));
  }

  /** The pipeline's live relation, if it follows a template. */
  async live(projectId: string, pipelineId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplatePipelineRelation | null> {
    const row = await manager.findOneBy(TemplatePipelineEntity, { projectId, pipelineId, deleted: false });
    return row ? toTemplateRelation(row) : null;
  }

  /** Marks the pipeline's relation deleted, with its pipeline. */
  async markDeleted(projectId: string, pipelineId: string, updater: string, now: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.update(TemplatePipelineEntity, { pipelineId, projectId }, { deleted: true, updater, updatedAt: now });
  }

  /** The live instances of a template. */
  instanceCount(projectId: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.countBy(TemplatePipelineEntity, { projectId, templateId, deleted: false });
  }

  /** The live instances made from one version of a template. */
  versionInstanceCount(projectId: string, templateId: string, templateVersion: number, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.countBy(TemplatePipelineEntity, { projectId, templateId, deleted: false, templateVersion });
  }

  /** Per template and version, its live instances; one query for all the templates. */
  async versionCounts(projectId: string, templateIds: string[], manager: EntityManager = this.dataSource.manager): Promise<TemplateVersionCount[]> {
    if (templateIds.length === 0) return [];
    const groups = await manager
      .createQueryBuilder(TemplatePipelineEntity, 'relation')
      .select('relation.templateId', 'templateId')
      .addSelect('relation.templateVersion', 'templateVersion')
      .addSelect('COUNT(*)', 'count')
      .where('relation.projectId = :projectId AND relation.deleted = :deleted', { projectId, deleted: false })
      .andWhere('relation.templateId IN (:...templateIds)', { templateIds })
      .groupBy('relation.templateId')
      .addGroupBy('relation.templateVersion')
      .getRawMany<{ templateId: string; templateVersion: number | string; count: number | string }>();
    // Raw rows: MariaDB hands bigint and COUNT back as strings.
    return groups.map((group) => ({ templateId: group.templateId, templateVersion: Number(group.templateVersion), count: Number(group.count) }));
  }

  /** The live instances of a template matching `query`, most recently updated first unless it says otherwise. */
  async page(projectId: string, templateId: string, query: TemplateRelationQuery, manager: EntityManager = this.dataSource.manager): Promise<Page<TemplatePipelineInstance>> {
    const paging = resolvePaging(query);
    const builder = manager
      .createQueryBuilder(TemplatePipelineEntity, 'r')
      .innerJoin(PipelineInfoEntity, 'p', 'p.pipelineId = r.pipelineId')
      .where('r.projectId = :projectId AND r.templateId = :templateId', { projectId, templateId })
      .andWhere('r.deleted = :deleted AND p.deleted = :deleted', { deleted: false });
    filterStatus(builder, query);
    if (query.pipelineName) builder.andWhere(`p.pipelineName LIKE :pattern ESCAPE '${LIKE_ESCAPE}'`, { pattern: containsPattern(query.pipelineName) });
    if (query.updater) builder.andWhere(`r.updater LIKE :updater ESCAPE '${LIKE_ESCAPE}'`, { updater: containsPattern(query.updater) });
    if (query.templateVersion !== undefined) builder.andWhere('r.templateVersion = :templateVersion', { templateVersion: query.templateVersion });
    if (query.instanceType) builder.andWhere('r.instanceType = :instanceType', { instanceType: query.instanceType });
    // offset/limit rather than skip/take: each relation joins one pipeline, and the order may be the pipeline's name.
    const [rows, count] = await builder
      .orderBy(SORT_COLUMNS[query.sortType ?? 'UPDATE_TIME'], query.desc === false ? 'ASC' : 'DESC')
      .addOrderBy('r.pipelineId', 'ASC')
      .offset(paging.offset)
      .limit(paging.pageSize)
      .getManyAndCount();
    const pipelines = new Map(
      (await manager.findBy(PipelineInfoEntity, { pipelineId: In(rows.map((row) => row.pipelineId)) })).map((p) => [p.pipelineId, p]),
    );
    const records = rows.map((row) => {
      const pipeline = pipelines.get(row.pipelineId)!;
      return {
        ...toTemplateRelation(row),
        pipelineName: pipeline.pipelineName,
        pipelineVersion: pipeline.latestVersion,
        pipelineVersionName: pipeline.latestVersionName,
      };
    });
    return toPage(records, count, paging);
  }
}

/** The row of a new relation. */
function newRelationRow(input: TemplatePipelineRelationInput, now: Date) {
  return { ...relationValues(input, now), pipelineId: input.pipelineId, creator: input.userId, createdAt: now };
}

function relationValues(input: TemplatePipelineRelationInput, now: Date) {
  return {
    projectId: input.projectId,
    templateId: input.templateId,
    templateVersion: input.templateVersion,
    templateVersionName: input.templateVersionName,
    instanceType: input.instanceType ?? 'CONSTRAINT',
    rootTemplateId: input.rootTemplateId ?? input.templateId,
    buildNo: input.buildNo ?? null,
    params: input.params,
    status: input.status ?? 'UPDATED',
    instanceErrorInfo: input.instanceErrorInfo ?? null,
    deleted: false,
    updater: input.userId,
    updatedAt: now,
  };
}

function filterStatus(builder: SelectQueryBuilder<TemplatePipelineEntity>, query: TemplateRelationQuery): void {
  if (!query.status) return;
  const released = query.releasedVersion ?? null;
  if (query.status === 'PENDING_UPDATE') {
    if (released === null) builder.andWhere('1 = 0');
    else builder.andWhere("r.status = 'UPDATED' AND r.templateVersion <> :released", { released });
  } else if (query.status === 'UPDATED' && released !== null) {
    builder.andWhere("r.status = 'UPDATED' AND r.templateVersion = :released", { released });
  } else {
    builder.andWhere('r.status = :status', { status: query.status });
  }
}
