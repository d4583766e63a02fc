import { Injectable } from '@nestjs/common';
import { PermissionChecker } from '@bkci/auth';
import { newId } from '@bkci/core';
import { Model } from '@bkci/pipeline-model';
import { VersionConverter } from '@bkci/template-version';
import { contentOf, defaultSetting } from '../../template-content';
import { TemplateError, TemplateErrorCode } from '../../template.errors';
import { TemplateRepository } from '../../template.repository';
import { CUSTOM_TEMPLATE, TemplateVersionContext, versionContext } from '../template-version.context';
import { requestOfKind, TemplateVersionRequest } from '../template-version.request';
import { YamlWorkers } from '../../../yaml-workers/yaml-workers';

/**
 * A copy of a released version as a new CUSTOMIZE template (BK-CI PipelineTemplateCopyCreateReq),
 * released at once. Copying needs edit on the source as well as create in the project.
 */
@Injectable()
export class CopyConverter implements VersionConverter<TemplateVersionRequest, TemplateVersionContext> {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly permissions: PermissionChecker,
    private readonly yamlWorkers: YamlWorkers,
  ) {}

  supports(request: TemplateVersionRequest): boolean {
    return request.kind === 'COPY';
  }

  async convert(request: TemplateVersionRequest): Promise<TemplateVersionContext> {
    const { caller, projectId, body } = requestOfKind(request, 'COPY');
    await this.permissions.assertAllowed(caller, projectId, 'pipeline_template_edit', body.srcTemplateId);
    const source = await this.templates.info(projectId, body.srcTemplateId);
    const version = body.srcTemplateVersion === undefined ? await this.templates.latestRelease(source.id) : await this.templates.version(projectId, source.id, body.srcTemplateVersion);
    if (version === null || version.status !== 'RELEASED') {
      throw new TemplateError(TemplateErrorCode.SOURCE_NOT_RELEASED, `Only a released version of template ${source.id} can be copied`);
    }
    const sourceSetting = (await this.templates.setting(source.id, version.settingVersion)).setting;
    const setting = body.copySetting ? { ...sourceSetting, pipelineName: body.name } : defaultSetting(source.type, body.name, '');
    const model = source.type === 'PIPELINE' ? { ...(version.model as Model), name: body.name } : version.model;
    return versionContext({
      caller,
      projectId,
      templateId: newId(),
      action: 'CREATE_RELEASE',
      newTemplate: { ...CUSTOM_TEMPLATE, category: source.category, logoUrl: source.logoUrl },
      type: source.type,
      content: await contentOf(this.yamlWorkers, source.type, model, setting),
      description: `copied from ${source.name} ${version.versionName ?? ''}`.trim(),
      operation: 'COPY_TEMPLATE',
    });
  }
}
