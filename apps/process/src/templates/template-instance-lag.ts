import type { TemplateVersionCount } from '../pipelines/template-pipeline.repository';
import { TemplateInfoEntity } from './entities/template-info.entity';

/** An instance made from `templateVersion` lags when its template has released another version since (BK-CI PENDING_UPDATE). */
export function isBehindRelease(info: Pick<TemplateInfoEntity, 'releasedVersion'>, templateVersion: number): boolean {
  return info.releasedVersion !== null && templateVersion !== info.releasedVersion;
}

/**
 * Per template, its instances made from another version than its latest release, from the
 * instance counts per version (TemplatePipelineRepository.versionCounts); 0 for a template without any.
 */
export function outdatedInstances(templates: TemplateInfoEntity[], counts: TemplateVersionCount[]): Map<string, number> {
  const outdated = new Map(templates.map((info) => [info.id, 0]));
  const byId = new Map(templates.map((info) => [info.id, info]));
  for (const group of counts) {
    if (isBehindRelease(byId.get(group.templateId)!, group.templateVersion)) outdated.set(group.templateId, (outdated.get(group.templateId) ?? 0) + group.count);
  }
  return outdated;
}
