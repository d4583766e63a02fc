import { Injectable } from '@nestjs/common';
import { VersionConverter } from '@bkci/template-version';
import { contentOf } from '../../template-content';
import { TemplateError, TemplateErrorCode } from '../../template.errors';
import { TemplateRepository } from '../../template.repository';
import { TemplateVersionContext, versionContext } from '../template-version.context';
import { requestOfKind, TemplateVersionRequest } from '../template-version.request';
import { YamlWorkers } from '../../../yaml-workers/yaml-workers';

/**
 * Puts an earlier version (or one save of a draft) back into the draft (BK-CI PipelineTemplateRollbackReq).
 * The draft continues from it, so its history keeps every earlier save.
 */
@Injectable()
export class RollbackConverter implements VersionConverter<TemplateVersionRequest, TemplateVersionContext> {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly yamlWorkers: YamlWorkers,
  ) {}

  supports(request: TemplateVersionRequest): boolean {
    return request.kind === 'ROLLBACK';
  }

  async convert(request: TemplateVersionRequest): Promise<TemplateVersionContext> {
    const { caller, projectId, templateId, version, draftVersion } = requestOfKind(request, 'ROLLBACK');
    const info = await this.templates.info(projectId, templateId);
    const target = await this.templates.version(projectId, templateId, version);
    let content;
    if (draftVersion === null) {
      const { setting } = await this.templates.setting(templateId, target.settingVersion);
      content = { model: target.model, setting, params: target.params, yaml: target.yaml };
    } else {
      const saved = await this.templates.draftHistory(templateId, version, draftVersion);
      if (!saved) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Version ${version} of template ${templateId} has no draft save ${draftVersion}`);
      content = await contentOf(this.yamlWorkers, info.type, saved.model, saved.setting);
    }
    return versionContext({
      caller,
      projectId,
      templateId,
      action: 'SAVE_DRAFT',
      type: info.type,
      content,
      baseVersion: target.status === 'RELEASED' ? target.version : target.baseVersion,
      operation: 'ROLLBACK_DRAFT',
    });
  }
}
