import { Page, resolvePaging, toPage } from '@bkci/core';
import { containsPattern, isUniqueViolation, LIKE_ESCAPE } from '@bkci/persistence';
import { EntityManager, In, SelectQueryBuilder } from 'typeorm';
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

/** The T_TEMPLATE_PIPELINE queries behind PipelineService's relation methods. */

/** The row of a new relation. */
export function newRelationRow(input: TemplatePipelineRelationInput, now: Date) {
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

export async function saveRelation(m: EntityManager, input: TemplatePipelineRelationInput): Promise<TemplatePipelineRelation> {
  const now = new Date();
  const pipelineId = input.pipelineId;
  const values = relationValues(input, now);
  if (await m.existsBy(TemplatePipelineEntity, { pipelineId })) {
    await m.update(TemplatePipelineEntity, { pipelineId }, values);
  } else {
    try {
      await m.insert(TemplatePipelineEntity, newRelationRow(input, now));
    } catch (error) {
      // Another writer inserted it since the check: its row gets our values.
      if (!isUniqueViolation(error)) throw error;
      await m.update(TemplatePipelineEntity, { pipelineId }, values);
    }
  }
  return toTemplateRelation(await m.findOneByOrFail(TemplatePipelineEntity, { pipelineId }));
}

export async function getRelation(m: EntityManager, projectId: string, pipelineId: string): Promise<TemplatePipelineRelation | null> {
  const row = await m.findOneBy(TemplatePipelineEntity, { projectId, pipelineId, deleted: false });
  return row ? toTemplateRelation(row) : null;
}

const SORT_COLUMNS: Record<TemplateSortType, string> = {
  PIPELINE_NAME: 'p.pipelineName',
  VERSION: 'r.templateVersion',
  UPDATE_TIME: 'r.updatedAt',
  STATUS: 'r.status',
};

/** The live instances of a template matching `query`, most recently updated first unless it says otherwise. */
export async function listRelations(
  m: EntityManager,
  projectId: string,
  templateId: string,
  query: TemplateRelationQuery,
): Promise<Page<TemplatePipelineInstance>> {
  const paging = resolvePaging(query);
  const builder = m
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
    (await m.findBy(PipelineInfoEntity, { pipelineId: In(rows.map((row) => row.pipelineId)) })).map((p) => [p.pipelineId, p]),
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

export function countRelations(m: EntityManager, projectId: string, templateId: string): Promise<number> {
  return m.countBy(TemplatePipelineEntity, { projectId, templateId, deleted: false });
}
