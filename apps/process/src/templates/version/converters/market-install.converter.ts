import { Injectable } from '@nestjs/common';
import { newId } from '@bkci/core';
import { Model } from '@bkci/pipeline-model';
import { VersionConverter } from '@bkci/template-version';
import { TemplateMarketRepository } from '../../market/template-market.repository';
import { contentOf, defaultSetting } from '../../template-content';
import { TemplateError, TemplateErrorCode } from '../../template.errors';
import { TemplateRepository } from '../../template.repository';
import { TemplateVersionContext, versionContext } from '../template-version.context';
import { requestOfKind, TemplateVersionRequest } from '../template-version.request';
import { YamlWorkers } from '../../../yaml-workers/yaml-workers';

/**
 * Installs a store-published version into a project (BK-CI PipelineTemplateMarketCreateReq): the
 * first install creates the project's CONSTRAINT copy, later ones add a release to it named like
 * the store version. The setting is the source's when the copy syncs settings (or asks to copy it).
 */
@Injectable()
export class MarketInstallConverter implements VersionConverter<TemplateVersionRequest, TemplateVersionContext> {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly market: TemplateMarketRepository,
    private readonly yamlWorkers: YamlWorkers,
  ) {}

  supports(request: TemplateVersionRequest): boolean {
    return request.kind === 'MARKET_INSTALL';
  }

  async convert(request: TemplateVersionRequest): Promise<TemplateVersionContext> {
    const { caller, projectId, srcTemplateId, srcVersion, copySetting, name } = requestOfKind(request, 'MARKET_INSTALL');
    const source = await this.market.storeTemplate(srcTemplateId);
    if (!source) throw new TemplateError(TemplateErrorCode.TEMPLATE_NOT_FOUND, `Template ${srcTemplateId} is not in the store`);
    const published = await this.market.publishedVersion(srcTemplateId, srcVersion);
    if (!published) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${srcTemplateId} has no store version ${srcVersion ?? ''}`.trim());
    const row = await this.market.publishedContent(published);
    const copy = await this.market.copyIn(projectId, srcTemplateId);
    if (copy && (await this.market.isInstalled(projectId, copy.id, published.version))) {
      throw new TemplateError(TemplateErrorCode.ALREADY_INSTALLED, `Store version ${published.versionName} of ${source.name} is already installed as template ${copy.id}`, { templateId: copy.id });
    }
    const sourceSetting = (await this.templates.setting(srcTemplateId, row.settingVersion)).setting;
    const copyName = copy?.name ?? name ?? source.name;
    const syncSetting = copy ? copy.settingSyncStrategy === 'AUTO' : copySetting;
    const current = copy ? await this.templates.latestRelease(copy.id) : null;
    const setting = syncSetting
      ? { ...sourceSetting, pipelineName: copyName }
      : current
        ? (await this.templates.setting(current.templateId, current.settingVersion)).setting
        : defaultSetting(source.type, copyName, source.description);
    const model = source.type === 'PIPELINE' ? { ...(row.model as Model), name: copyName } : row.model;
    return versionContext({
      caller,
      projectId,
      templateId: copy?.id ?? newId(),
      action: 'CREATE_RELEASE',
      newTemplate: copy ? null : { mode: 'CONSTRAINT', category: source.category, logoUrl: source.logoUrl, srcTemplateId, srcTemplateProjectId: source.projectId },
      type: source.type,
      content: await contentOf(this.yamlWorkers, source.type, model, setting),
      customVersionName: published.versionName,
      description: `installed from the store: ${source.name} ${published.versionName}`,
      operation: 'INSTALL_FROM_STORE',
      storeSource: { templateId: srcTemplateId, version: published.version },
    });
  }
}
