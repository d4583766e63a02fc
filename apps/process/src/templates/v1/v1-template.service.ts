import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { getTriggerContainer, Model, PipelineSetting, TriggerContainer } from '@bkci/pipeline-model';
import { TemplateMode } from '@bkci/template-version';
import { PipelineService } from '../../pipelines/pipeline.service';
import { TemplatePipelineRepository } from '../../pipelines/template-pipeline.repository';
import { TemplateInfoEntity } from '../entities/template-info.entity';
import { TemplateResourceVersionEntity } from '../entities/template-resource-version.entity';
import { readSetting } from '../template-content';
import { outdatedInstances } from '../template-instance-lag';
import { TemplateQueryService } from '../template-query.service';
import { TemplateError, TemplateErrorCode } from '../template.errors';
import { TemplateVersionRepository } from '../template-version.repository';
import { TemplateRepository } from '../template.repository';
import { TemplateVersionManager } from '../version/template-version.manager';

/** BK-CI's V1 TemplateModel (one row of the V1 list). */
export interface V1TemplateSummary {
  name: string;
  templateId: string;
  version: number | null;
  versionName: string | null;
  templateType: TemplateMode;
  logoUrl: string;
  storeFlag: boolean;
  category: string[];
  hasPermission: boolean;
  hasInstance2Upgrade: boolean;
  creator: string;
  updateTime: number;
}

/** BK-CI's V1 TemplateListModel: a page of the list. */
export interface V1TemplateList {
  projectId: string;
  hasPermission: boolean;
  models: V1TemplateSummary[];
  count: number;
  page: number;
  pageSize: number;
}

export interface V1VersionRef {
  version: number;
  versionName: string | null;
  creator: string;
  updateTime: number;
}

/** BK-CI's V1 TemplateModelDetail. */
export interface V1TemplateDetail {
  templateName: string;
  description: string;
  creator: string;
  templateType: TemplateMode;
  logoUrl: string;
  hasPermission: boolean;
  versions: V1VersionRef[];
  currentVersion: V1VersionRef;
  latestVersion: V1VersionRef | null;
  template: Model;
  params: TriggerContainer['params'];
}

const refOf = (row: TemplateResourceVersionEntity): V1VersionRef => ({ version: row.version, versionName: row.versionName, creator: row.creator, updateTime: row.updatedAt.getTime() });

/**
 * BK-CI's V1 template API, kept for old clients and OpenAPI v4: V1 sees PIPELINE templates and their
 * releases only; its writes go through the V2 version manager (BK-CI's compatibility adapter).
 */
@Injectable()
export class V1TemplateService {
  constructor(
    private readonly versions: TemplateVersionManager,
    private readonly queries: TemplateQueryService,
    private readonly templates: TemplateRepository,
    private readonly versionRows: TemplateVersionRepository,
    private readonly pipelines: PipelineService,
    private readonly instances: TemplatePipelineRepository,
  ) {}

  async create(caller: Caller, projectId: string, model: unknown): Promise<{ id: string }> {
    const result = await this.versions.deploy({ kind: 'RELEASE_CREATE', caller, projectId, templateId: null, model, versionName: 'init' });
    return { id: result.templateId };
  }

  /** BK-CI saveAsTemplate: a pipeline's latest model, without its instance markings, as a new template (with its setting if asked). */
  async saveAsTemplate(caller: Caller, projectId: string, body: { pipelineId: string; templateName: string; isCopySetting?: boolean }): Promise<{ id: string }> {
    const { model, setting } = await this.pipelines.getVersion(projectId, body.pipelineId);
    const { instanceFromTemplate: _instance, template: _descriptor, templateId: _templateId, overrideTemplateField: _override, srcTemplateId: _src, ...plain } = model;
    const result = await this.versions.deploy({ kind: 'RELEASE_CREATE', caller, projectId, templateId: null, model: { ...plain, name: body.templateName }, versionName: 'init', setting: body.isCopySetting ? setting : undefined });
    return { id: result.templateId };
  }

  async update(caller: Caller, projectId: string, templateId: string, versionName: string | null, model: unknown): Promise<boolean> {
    await this.v1Template(projectId, templateId);
    await this.versions.deploy({ kind: 'RELEASE_CREATE', caller, projectId, templateId, model, versionName });
    return true;
  }

  /** The setting of the latest release. */
  async setting(projectId: string, templateId: string): Promise<PipelineSetting> {
    await this.v1Template(projectId, templateId);
    const latest = await this.templates.latestRelease(templateId);
    if (!latest) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no release yet`);
    return (await this.templates.setting(templateId, latest.settingVersion)).setting;
  }

  /** V1 edits the setting of the template: as a new release of the latest model with that setting. */
  async updateSetting(caller: Caller, projectId: string, templateId: string, setting: Record<string, unknown>): Promise<boolean> {
    await this.v1Template(projectId, templateId);
    const latest = await this.templates.latestRelease(templateId);
    if (!latest) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no release yet`);
    const next = readSetting(setting, (await this.templates.setting(templateId, latest.settingVersion)).setting);
    // The setting's name and description are the template's: the model carries them.
    const model = { ...(latest.model as Model), name: next.pipelineName, desc: next.desc };
    await this.versions.deploy({ kind: 'RELEASE_CREATE', caller, projectId, templateId, model, versionName: null, setting: next });
    return true;
  }

  /** BK-CI V1 copy (CopyTemplateReq): a new template from the latest release. */
  async copy(caller: Caller, projectId: string, templateId: string, body: { templateName: string; isCopySetting?: boolean }): Promise<{ id: string }> {
    await this.v1Template(projectId, templateId);
    const result = await this.versions.deploy({ kind: 'COPY', caller, projectId, body: { srcTemplateId: templateId, copySetting: body.isCopySetting ?? false, name: body.templateName } });
    return { id: result.templateId };
  }

  async list(projectId: string, query: { templateType?: TemplateMode; storeFlag?: boolean; page?: number; pageSize?: number }): Promise<V1TemplateList> {
    const page = await this.queries.list(projectId, {
      type: 'PIPELINE',
      mode: query.templateType,
      storeStatus: query.storeFlag === undefined ? undefined : query.storeFlag ? 'RELEASED' : 'NEVER_PUBLISHED',
      page: query.page,
      pageSize: query.pageSize,
    });
    const outdated = outdatedInstances(page.records, await this.instances.versionCounts(projectId, page.records.map((info) => info.id)));
    const models = page.records.map((info) => summaryOf(info, outdated.get(info.id) ?? 0));
    return { projectId, hasPermission: true, models, count: page.count, page: page.page, pageSize: page.pageSize };
  }

  /**
   * One template at a release: `version`, else the newest release named `versionName` (names may
   * repeat in V1), else the latest release.
   */
  async detail(projectId: string, templateId: string, version?: number, versionName?: string): Promise<V1TemplateDetail> {
    const info = await this.v1Template(projectId, templateId);
    const releases = await this.releases(projectId, templateId);
    const current = pickRelease(templateId, releases, version, versionName);
    const model = current.model as Model;
    return {
      templateName: info.name,
      description: info.description,
      creator: info.creator,
      templateType: info.mode,
      logoUrl: info.logoUrl,
      hasPermission: true,
      versions: releases.map(refOf),
      currentVersion: refOf(current),
      latestVersion: refOf(releases[0]),
      template: model,
      params: getTriggerContainer(model).params,
    };
  }

  /** The newest release of the template named `versionName`. */
  async releaseNamed(projectId: string, templateId: string, versionName: string): Promise<number> {
    await this.v1Template(projectId, templateId);
    return pickRelease(templateId, await this.releases(projectId, templateId), undefined, versionName).version;
  }

  /** Newest first (BK-CI's order). */
  private async releases(projectId: string, templateId: string): Promise<TemplateResourceVersionEntity[]> {
    const releases = await this.versionRows.releases(projectId, templateId);
    if (releases.length === 0) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no release yet`);
    return releases;
  }

  private async v1Template(projectId: string, templateId: string): Promise<TemplateInfoEntity> {
    const info = await this.templates.info(projectId, templateId);
    if (info.type !== 'PIPELINE') throw new TemplateError(TemplateErrorCode.TEMPLATE_NOT_FOUND, `Template ${templateId} is a ${info.type} template, which the V1 API does not show`);
    return info;
  }
}

function pickRelease(templateId: string, newestFirst: TemplateResourceVersionEntity[], version?: number, versionName?: string): TemplateResourceVersionEntity {
  const picked =
    version !== undefined ? newestFirst.find((row) => row.version === version) : versionName !== undefined ? newestFirst.find((row) => row.versionName === versionName) : newestFirst[0];
  if (!picked) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no release ${version ?? `named "${versionName}"`}`, { templateId });
  return picked;
}

function summaryOf(info: TemplateInfoEntity, outdatedInstances: number): V1TemplateSummary {
  return {
    name: info.name,
    templateId: info.id,
    version: info.releasedVersion,
    versionName: info.releasedVersionName,
    templateType: info.mode,
    logoUrl: info.logoUrl,
    storeFlag: info.storeStatus === 'RELEASED',
    category: info.category,
    hasPermission: true,
    hasInstance2Upgrade: outdatedInstances > 0,
    creator: info.creator,
    updateTime: info.updatedAt.getTime(),
  };
}
