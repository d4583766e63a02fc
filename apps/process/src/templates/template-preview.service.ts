import { Injectable } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { PipelineSetting, TemplateModel } from '@bkci/pipeline-model';
import { TemplateResourceVersionEntity } from './entities/template-resource-version.entity';
import { YAML_UNSUPPORTED } from './template-details';
import { HighlightType, highlightMarks, TransferMark } from './template-yaml-marks';
import { TemplateError, TemplateErrorCode, templateNotFound } from './template.errors';
import { TemplateRepository } from './template.repository';

/** BK-CI TemplatePreviewDetail: a version's model, setting and YAML, with the part asked about marked. */
export interface TemplatePreviewDetail {
  template: TemplateModel;
  templateYaml: string | null;
  hasPermission: boolean;
  setting: PipelineSetting;
  highlightMarkList: TransferMark[];
  yamlSupported: boolean;
  yamlInvalidMsg: string | null;
}

/** What "preview the template" dialogs show (BK-CI previewTemplate, V2 by version and V1 at the latest release). */
@Injectable()
export class TemplatePreviewService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly permissions: PermissionChecker,
  ) {}

  /** One version; the route has checked the caller may view the template, which is what BK-CI's flag says. */
  async preview(projectId: string, templateId: string, version: number, highlightType: HighlightType | undefined): Promise<TemplatePreviewDetail> {
    await this.templates.info(projectId, templateId);
    return this.previewOf(await this.templates.version(projectId, templateId, version), true, highlightType);
  }

  /**
   * V1: the latest release of a PIPELINE template; `hasPermission` says whether the caller manages
   * the project (BK-CI's V1 asks hasManagerPermission).
   */
  async previewLatest(caller: Caller, projectId: string, templateId: string, highlightType: HighlightType | undefined): Promise<TemplatePreviewDetail> {
    const info = await this.templates.info(projectId, templateId);
    if (info.type !== 'PIPELINE') throw templateNotFound(templateId);
    const latest = await this.templates.latestRelease(templateId);
    if (!latest) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no release yet`, { templateId });
    const manager = await this.permissions.allows(caller, projectId, 'project_manage');
    return this.previewOf(latest, manager, highlightType);
  }

  private async previewOf(row: TemplateResourceVersionEntity, hasPermission: boolean, highlightType: HighlightType | undefined): Promise<TemplatePreviewDetail> {
    const { setting } = await this.templates.setting(row.templateId, row.settingVersion);
    return {
      template: row.model,
      templateYaml: row.yaml,
      hasPermission,
      setting,
      highlightMarkList: row.yaml !== null && highlightType !== undefined ? highlightMarks(row.yaml, highlightType) : [],
      yamlSupported: row.yaml !== null,
      yamlInvalidMsg: row.yaml === null ? YAML_UNSUPPORTED : null,
    };
  }
}
