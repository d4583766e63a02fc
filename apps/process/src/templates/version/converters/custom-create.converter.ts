import { Injectable } from '@nestjs/common';
import { newId } from '@bkci/core';
import { VersionConverter } from '@bkci/template-version';
import { contentOf, defaultSetting, emptyTemplateModel } from '../../template-content';
import { CUSTOM_TEMPLATE, TemplateVersionContext, versionContext } from '../template-version.context';
import { requestOfKind, TemplateVersionRequest } from '../template-version.request';
import { YamlWorkers } from '../../../yaml-workers/yaml-workers';

/** An empty template of a type, saved as its first draft (BK-CI PipelineTemplateCustomCreateReq). */
@Injectable()
export class CustomCreateConverter implements VersionConverter<TemplateVersionRequest, TemplateVersionContext> {
  constructor(private readonly yamlWorkers: YamlWorkers) {}

  supports(request: TemplateVersionRequest): boolean {
    return request.kind === 'CUSTOM_CREATE';
  }

  async convert(request: TemplateVersionRequest): Promise<TemplateVersionContext> {
    const { caller, projectId, body } = requestOfKind(request, 'CUSTOM_CREATE');
    const setting = defaultSetting(body.type, body.name, body.desc ?? '');
    return versionContext({
      caller,
      projectId,
      templateId: newId(),
      action: 'SAVE_DRAFT',
      newTemplate: CUSTOM_TEMPLATE,
      type: body.type,
      content: await contentOf(this.yamlWorkers, body.type, emptyTemplateModel(body.type, body.name), setting),
      operation: 'CREATE_TEMPLATE',
    });
  }
}
