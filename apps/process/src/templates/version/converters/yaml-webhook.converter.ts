import { Injectable } from '@nestjs/common';
import { newId } from '@bkci/core';
import { VersionConverter } from '@bkci/template-version';
import { TemplatePacFileRepository } from '../../pac/template-pac-file.repository';
import { defaultSetting, invalid, paramsOf } from '../../template-content';
import { TemplateRepository } from '../../template.repository';
import { CUSTOM_TEMPLATE, TemplateVersionContext, versionContext } from '../template-version.context';
import { requestOfKind, TemplateVersionRequest } from '../template-version.request';
import { YamlWorkers } from '../../../yaml-workers/yaml-workers';

/** Where PAC keeps template files (BK-CI GitActionCommon.isTemplateFile). */
export const PAC_TEMPLATE_DIR = '.ci/templates/';
const TEMPLATE_FILE = /^\.ci\/templates\/(?:[^/]+\/)*[^/]+\.ya?ml$/;

/**
 * A push of a template file (BK-CI PipelineTemplateYamlWebhookReq): on the default branch a
 * release, on another branch an ACTIVE branch version named after the branch. The first push of a
 * file creates its template; the name comes from the YAML's `name`, else the file's path under
 * `.ci/templates/`.
 */
@Injectable()
export class YamlWebhookConverter implements VersionConverter<TemplateVersionRequest, TemplateVersionContext> {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly pacFiles: TemplatePacFileRepository,
    private readonly yamlWorkers: YamlWorkers,
  ) {}

  supports(request: TemplateVersionRequest): boolean {
    return request.kind === 'YAML_WEBHOOK';
  }

  async convert(request: TemplateVersionRequest): Promise<TemplateVersionContext> {
    const { caller, projectId, filePath, yaml, branch, isDefaultBranch, commitMessage } = requestOfKind(request, 'YAML_WEBHOOK');
    if (!TEMPLATE_FILE.test(filePath) || filePath.split('/').some((part) => part === '..' || part === '.')) {
      throw invalid(`${filePath} is not a template file: template YAML lives under ${PAC_TEMPLATE_DIR} and ends in .yml or .yaml`);
    }
    const transferred = await this.yamlWorkers.yamlToModel(yaml, { file: filePath });
    const mappedId = await this.pacFiles.templateOfFile(projectId, filePath);
    const info = mappedId ? await this.templates.info(projectId, mappedId) : null;
    if (info && info.type !== transferred.kind) throw invalid(`${filePath} holds a ${transferred.kind} template, but its template ${info.id} is ${info.type}`);
    const fileName = filePath.slice(PAC_TEMPLATE_DIR.length).replace(/\.ya?ml$/, '');
    const yamlName = transferred.kind === 'PIPELINE' ? transferred.model.name : '';
    const name = info?.name ?? (yamlName || fileName);
    const base = defaultSetting(transferred.kind, name, '');
    const setting = transferred.kind === 'PIPELINE' ? { ...base, ...transferred.setting, pipelineName: name } : base;
    return versionContext({
      caller,
      projectId,
      templateId: info?.id ?? newId(),
      action: isDefaultBranch ? 'CREATE_RELEASE' : 'CREATE_BRANCH',
      newTemplate: info ? null : CUSTOM_TEMPLATE,
      type: transferred.kind,
      content: { model: transferred.model, setting, params: paramsOf(transferred.kind, transferred.model), yaml },
      description: commitMessage,
      operation: isDefaultBranch ? 'RELEASE_MASTER_VERSION' : 'CREATE_BRANCH_VERSION',
      branchName: isDefaultBranch ? null : branch,
      pacFilePath: filePath,
    });
  }
}
