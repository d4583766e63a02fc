import { Injectable } from '@nestjs/common';
import { PipelineService } from '../pipelines/pipeline.service';
import { TemplateResourceVersionEntity } from './entities/template-resource-version.entity';
import { detailsOf, TemplateDetails } from './template-details';
import { TemplateRepository } from './template.repository';

/** BK-CI PTemplatePipelineRefInfo: which template version a pipeline version follows, and where to see or upgrade it. */
export interface TemplatePipelineRefInfo {
  templateName: string;
  templateId: string;
  templateVersionName: string | null;
  templateVersion: number;
  refType: 'ID';
  templateDetailsUrl: string;
  upgradeFlag: boolean;
  upgradeUrl: string | null;
}

/**
 * The template behind a pipeline version (BK-CI getPipelineRelated*): the version its model's
 * template descriptor names; for an instance model without one, the relation's version, and only
 * for the pipeline's latest version. Null for a pipeline that is no template's instance.
 * Console links are paths on the console's own host (this server does not know the public host).
 */
@Injectable()
export class TemplateRelatedService {
  constructor(
    private readonly pipelines: PipelineService,
    private readonly templates: TemplateRepository,
  ) {}

  async details(projectId: string, pipelineId: string, pipelineVersion: number): Promise<TemplateDetails | null> {
    const related = await this.related(projectId, pipelineId, pipelineVersion);
    if (!related) return null;
    const { setting } = await this.templates.setting(related.row.templateId, related.row.settingVersion);
    return detailsOf(related.row, setting);
  }

  async info(projectId: string, pipelineId: string, pipelineVersion: number): Promise<TemplatePipelineRefInfo | null> {
    const related = await this.related(projectId, pipelineId, pipelineVersion);
    if (!related) return null;
    const { row, latestPipelineVersion, pipelineName } = related;
    const info = await this.templates.info(projectId, row.templateId);
    const upgradeFlag = latestPipelineVersion === pipelineVersion && info.releasedVersion !== row.version;
    const templatePage = `/console/pipeline/${encodeURIComponent(projectId)}/template/${row.templateId}`;
    return {
      templateName: info.name,
      templateId: info.id,
      templateVersionName: row.versionName,
      templateVersion: row.version,
      refType: 'ID',
      templateDetailsUrl: `${templatePage}/${row.version}/pipeline`,
      upgradeFlag,
      upgradeUrl: upgradeFlag
        ? `${templatePage}/${info.releasedVersion}/instance/upgrade?pipelineId=${pipelineId}&pipelineName=${encodeURIComponent(pipelineName)}`
        : null,
    };
  }

  private async related(
    projectId: string,
    pipelineId: string,
    pipelineVersion: number,
  ): Promise<{ row: TemplateResourceVersionEntity; latestPipelineVersion: number; pipelineName: string } | null> {
    const { model } = await this.pipelines.getVersion(projectId, pipelineId, pipelineVersion);
    const relation = await this.pipelines.getTemplateRelation(projectId, pipelineId);
    if (!relation) return null;
    const pipeline = await this.pipelines.get(projectId, pipelineId);
    const descriptor = model.template;
    let row: TemplateResourceVersionEntity | null = null;
    if (descriptor?.templateId && descriptor.templateVersionName) {
      row = await this.templates.versionNamed(projectId, descriptor.templateId, descriptor.templateVersionName);
    } else if (pipeline.version === pipelineVersion) {
      row = await this.templates.version(projectId, relation.templateId, relation.templateVersion);
    }
    return row && { row, latestPipelineVersion: pipeline.version, pipelineName: pipeline.pipelineName };
  }
}
