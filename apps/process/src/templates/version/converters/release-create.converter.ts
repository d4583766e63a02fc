import { Injectable } from '@nestjs/common';
import { newId } from '@bkci/core';
import { Model } from '@bkci/pipeline-model';
import { VersionConverter } from '@bkci/template-version';
import { checkModel, contentOf, defaultSetting } from '../../template-content';
import { TemplateRepository } from '../../template.repository';
import { CUSTOM_TEMPLATE, TemplateVersionContext, versionContext } from '../template-version.context';
import { requestOfKind, TemplateVersionRequest } from '../template-version.request';
import { YamlWorkers } from '../../../yaml-workers/yaml-workers';

/**
 * A PIPELINE model released directly (BK-CI PipelineTemplateReleaseCreateReq): how the V1 and
 * OpenAPI v4 create and update calls write V2 versions. A new template takes its name from the model.
 */
@Injectable()
export class ReleaseCreateConverter implements VersionConverter<TemplateVersionRequest, TemplateVersionContext> {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly yamlWorkers: YamlWorkers,
  ) {}

  supports(request: TemplateVersionRequest): boolean {
    return request.kind === 'RELEASE_CREATE';
  }

  async convert(request: TemplateVersionRequest): Promise<TemplateVersionContext> {
    const { caller, projectId, templateId, model: raw, versionName, setting: given } = requestOfKind(request, 'RELEASE_CREATE');
    const model = checkModel('PIPELINE', raw) as Model;
    // The setting given, else the latest release's, else the default; its name and desc are the model's.
    let base = given ?? defaultSetting('PIPELINE', model.name, model.desc ?? '');
    if (templateId !== null) {
      await this.templates.info(projectId, templateId);
      const latest = await this.templates.latestRelease(templateId);
      if (latest && !given) base = (await this.templates.setting(templateId, latest.settingVersion)).setting;
    }
    const setting = { ...base, pipelineName: model.name, desc: model.desc ?? '' };
    return versionContext({
      caller,
      projectId,
      templateId: templateId ?? newId(),
      action: 'CREATE_RELEASE',
      newTemplate: templateId === null ? CUSTOM_TEMPLATE : null,
      type: 'PIPELINE',
      content: await contentOf(this.yamlWorkers, 'PIPELINE', model, setting),
      customVersionName: versionName,
      operation: templateId === null ? 'CREATE_TEMPLATE' : 'RELEASE_MASTER_VERSION',
    });
  }
}
