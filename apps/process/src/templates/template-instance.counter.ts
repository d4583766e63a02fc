import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { TemplatePipelineEntity } from '../pipelines/entities/template-pipeline.entity';
import { TemplateInfoEntity } from './entities/template-info.entity';

/** An instance made from `templateVersion` lags when its template has released another version since (BK-CI PENDING_UPDATE). */
export function isBehindRelease(info: Pick<TemplateInfoEntity, 'releasedVersion'>, templateVersion: number): boolean {
  return info.releasedVersion !== null && templateVersion !== info.releasedVersion;
}

/** Counts the live pipelines instantiated from templates (their `template_pipelines` rows). */
@Injectable()
export class TemplateInstanceCounter {
  /** Instances of a template, or of one of its versions. */
  count(manager: EntityManager, projectId: string, templateId: string, version?: number): Promise<number> {
    return manager.countBy(TemplatePipelineEntity, { projectId, templateId, deleted: false, ...(version === undefined ? {} : { templateVersion: version }) });
  }

  /** Per template, the instances made from another version than its latest release; one query for all. */
  async outdated(manager: EntityManager, projectId: string, templates: TemplateInfoEntity[]): Promise<Map<string, number>> {
    const outdated = new Map(templates.map((info) => [info.id, 0]));
    if (templates.length === 0) return outdated;
    const groups = await manager
      .createQueryBuilder(TemplatePipelineEntity, 'relation')
      .select('relation.templateId', 'templateId')
      .addSelect('relation.templateVersion', 'templateVersion')
      .addSelect('COUNT(*)', 'count')
      .where('relation.projectId = :projectId AND relation.deleted = :deleted', { projectId, deleted: false })
      .andWhere('relation.templateId IN (:...templateIds)', { templateIds: templates.map((info) => info.id) })
      .groupBy('relation.templateId')
      .addGroupBy('relation.templateVersion')
      .getRawMany<{ templateId: string; templateVersion: number | string; count: number | string }>();
    const byId = new Map(templates.map((info) => [info.id, info]));
    for (const group of groups) {
      if (isBehindRelease(byId.get(group.templateId)!, Number(group.templateVersion))) outdated.set(group.templateId, (outdated.get(group.templateId) ?? 0) + Number(group.count));
    }
    return outdated;
  }
}
