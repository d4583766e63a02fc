import { Injectable } from '@nestjs/common';
import { newId } from '@bkci/core';
import { Model, PipelineSetting, TemplateModel } from '@bkci/pipeline-model';
import { VersionConverter } from '@bkci/template-version';
import { SaveDraftDto } from '../../dto/template-requests.dto';
import { checkModel, contentOf, defaultSetting, invalid, paramsOf, readSetting } from '../../template-content';
import { TemplateRepository } from '../../template.repository';
import { CUSTOM_TEMPLATE, TemplateContent, TemplateVersionContext, versionContext } from '../template-version.context';
import { requestOfKind, TemplateVersionRequest } from '../template-version.request';
import { YamlWorkers } from '../../../yaml-workers/yaml-workers';

/**
 * A draft save (BK-CI PipelineTemplateDraftSaveReq): the content comes as a Model with its setting,
 * or as v3.0 YAML. Without a templateId the save creates the template.
 */
@Injectable()
export class DraftSaveConverter implements VersionConverter<TemplateVersionRequest, TemplateVersionContext> {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly yamlWorkers: YamlWorkers,
  ) {}

  supports(request: TemplateVersionRequest): boolean {
    return request.kind === 'DRAFT_SAVE';
  }

  async convert(request: TemplateVersionRequest): Promise<TemplateVersionContext> {
    const { caller, projectId, templateId, body } = requestOfKind(request, 'DRAFT_SAVE');
    let fallback: PipelineSetting;
    if (templateId === null) {
      const name = body.name ?? (typeof body.templateSetting?.pipelineName === 'string' ? body.templateSetting.pipelineName : undefined);
      if (name === undefined) throw invalid('A save that creates a template needs name (or templateSetting.pipelineName)');
      fallback = defaultSetting(body.type, name, '');
    } else {
      const info = await this.templates.info(projectId, templateId);
      if (info.type !== body.type) throw invalid(`Template ${templateId} is a ${info.type} template, not ${body.type}`);
      const current = (await this.templates.draft(templateId)) ?? (await this.templates.latestRelease(templateId));
      fallback = current ? (await this.templates.setting(templateId, current.settingVersion)).setting : defaultSetting(info.type, info.name, info.description);
    }
    const content = await readContent(this.yamlWorkers, body, fallback);
    if ((body.storageType ?? 'MODEL') === 'YAML') await this.checkExtendedTemplate(projectId, content.model);
    return versionContext({
      caller,
      projectId,
      templateId: templateId ?? newId(),
      action: 'SAVE_DRAFT',
      newTemplate: templateId === null ? CUSTOM_TEMPLATE : null,
      type: body.type,
      content,
      baseVersion: body.baseVersion ?? null,
      baseDraftVersion: body.baseDraftVersion ?? null,
      operation: templateId === null ? 'CREATE_TEMPLATE' : 'SAVE_DRAFT_VERSION',
    });
  }

  /** YAML that extends a template by id (`extends.template.template-id`) must name a template of this project. */
  private async checkExtendedTemplate(projectId: string, model: TemplateModel): Promise<void> {
    const extended = (model as Model).template;
    if (extended?.templateRefType !== 'ID' || !extended.templateId) return;
    if (!(await this.templates.exists(projectId, extended.templateId))) {
      throw invalid(`extends.template.template-id: template ${extended.templateId} does not exist in project ${projectId}`);
    }
  }
}

async function readContent(workers: YamlWorkers, body: SaveDraftDto, fallback: PipelineSetting): Promise<TemplateContent> {
  if ((body.storageType ?? 'MODEL') === 'YAML') {
    if (body.yaml === undefined) throw invalid('storageType YAML needs yaml');
    const transferred = await workers.yamlToModel(body.yaml, { file: 'template.yml', kind: body.type });
    const setting = transferred.kind === 'PIPELINE' ? { ...fallback, ...transferred.setting, pipelineName: fallback.pipelineName } : fallback;
    return { model: transferred.model, setting, params: paramsOf(body.type, transferred.model), yaml: body.yaml };
  }
  if (body.model === undefined) throw invalid('storageType MODEL needs model');
  const model = checkModel(body.type, body.model);
  return contentOf(workers, body.type, model, readSetting(body.templateSetting, fallback));
}
