import { Injectable } from '@nestjs/common';
import { VersionConverter } from '@bkci/template-version';
import { TemplateRepository } from '../../template.repository';
import { TemplateVersionContext, versionContext } from '../template-version.context';
import { requestOfKind, TemplateVersionRequest } from '../template-version.request';

/** Releases the draft (BK-CI PipelineTemplateDraftReleaseReq); the handler re-checks it is still the draft. */
@Injectable()
export class DraftReleaseConverter implements VersionConverter<TemplateVersionRequest, TemplateVersionContext> {
  constructor(private readonly templates: TemplateRepository) {}

  supports(request: TemplateVersionRequest): boolean {
    return request.kind === 'DRAFT_RELEASE';
  }

  async convert(request: TemplateVersionRequest): Promise<TemplateVersionContext> {
    const { caller, projectId, templateId, version, body } = requestOfKind(request, 'DRAFT_RELEASE');
    const info = await this.templates.info(projectId, templateId);
    const draft = await this.templates.version(projectId, templateId, version);
    const { setting } = await this.templates.setting(templateId, draft.settingVersion);
    return versionContext({
      caller,
      projectId,
      templateId,
      action: 'RELEASE_DRAFT',
      type: info.type,
      content: { model: draft.model, setting, params: draft.params, yaml: draft.yaml },
      version,
      baseVersion: draft.baseVersion,
      customVersionName: body.customVersionName ?? null,
      description: body.description ?? null,
      operation: 'RELEASE_MASTER_VERSION',
    });
  }
}
