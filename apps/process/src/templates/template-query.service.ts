import { Injectable } from '@nestjs/common';
import { allowsResource, Caller, listableCodes, PermissionChecker } from '@bkci/auth';
import { Page, PageQueryDto, resolvePaging, toPage } from '@bkci/core';
import { CompareQueryDto, DraftStatusQueryDto, ListTemplatesDto, ListVersionsDto } from './dto/template-queries.dto';
import { TemplateInfoEntity } from './entities/template-info.entity';
import { TemplateOperationLogEntity } from './entities/template-operation-log.entity';
import { TemplateResourceVersionEntity } from './entities/template-resource-version.entity';
import { detailsOf, resourceOf, TemplateDetails, TemplateResource } from './template-details';
import { diffJson, JsonChange } from './template-diff';
import { TemplateError, TemplateErrorCode } from './template.errors';
import { TemplateListRepository } from './template-list.repository';
import { TemplateOperationLogRepository } from './template-operation-log.repository';
import { DraftSaveSummary, TemplateVersionRepository } from './template-version.repository';
import { TemplateRepository } from './template.repository';
import { TemplateVersionWriter } from './version/template-version.writer';

/** BK-CI PreFetchTemplateReleaseResult: what releasing the draft would produce. */
export interface PrefetchReleaseResult {
  templateId: string;
  templateName: string;
  version: number;
  number: number;
  newVersionNum: number;
  newVersionName: string;
}

/** A row of BK-CI's PipelineTemplateListResponse. Permissions are project-wide, so the flags are the same on every row. */
export type TemplateListRow = TemplateInfoEntity & { canView: boolean; canEdit: boolean; canDelete: boolean; canManage: boolean };

/** One template the "create a pipeline" picker offers (a trimmed BK-CI OptionalTemplate). */
export interface PickableTemplate {
  templateId: string;
  name: string;
  version: number;
  versionName: string;
  templateType: TemplateInfoEntity['mode'];
  logoUrl: string;
  category: string[];
}

/** BK-CI's draftStatus answer: whether editing, saving or releasing the draft now would collide. */
export interface DraftStatus {
  status: 'NORMAL' | 'EXISTS' | 'CONFLICT';
  draft: TemplateResource | null;
  release: TemplateResource | null;
}

export interface TemplateComparison {
  baseVersionResource: TemplateResource;
  comparedVersionResource: TemplateResource;
  modelChanges: JsonChange[];
  settingChanges: JsonChange[];
}

/** Reads of templates: lists, details, history, comparison, operation log. */
@Injectable()
export class TemplateQueryService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly lists: TemplateListRepository,
    private readonly writer: TemplateVersionWriter,
    private readonly permissions: PermissionChecker,
    private readonly versions: TemplateVersionRepository,
    private readonly operationLogs: TemplateOperationLogRepository,
  ) {}

  /**
   * The list as BK-CI's console gets it: the templates the caller may list (all of the project's
   * with a project-wide grant, else those granted one by one), each row saying what the caller may
   * do with it. Someone who may list none gets PERMISSION_DENIED.
   */
  async listFor(caller: Caller, projectId: string, condition: ListTemplatesDto): Promise<Page<TemplateListRow>> {
    const allowed = await this.permissions.allowedFor(caller, projectId, [
      'pipeline_template_list',
      'pipeline_template_view',
      'pipeline_template_edit',
      'pipeline_template_delete',
      'pipeline_template_manage',
    ]);
    const page = await this.list(projectId, condition, listableCodes(caller, projectId, 'pipeline_template_list', allowed) ?? undefined);
    return {
      ...page,
      records: page.records.map((row) => ({
        ...row,
        canView: allowsResource(allowed.pipeline_template_view, row.id),
        canEdit: allowsResource(allowed.pipeline_template_edit, row.id),
        canDelete: allowsResource(allowed.pipeline_template_delete, row.id),
        canManage: allowsResource(allowed.pipeline_template_manage, row.id),
      })),
    };
  }

  /** A page of the project's templates matching `condition`; with `ids`, only those. */
  list(projectId: string, condition: ListTemplatesDto, ids?: string[]): Promise<Page<TemplateInfoEntity>> {
    return this.lists.page(projectId, condition, ids);
  }

  /** The YAML of a version (the latest release without one); a model YAML cannot express is NOT_EXPORTABLE. */
  async exportYaml(projectId: string, templateId: string, version?: number): Promise<{ name: string; yaml: string }> {
    const info = await this.templates.info(projectId, templateId);
    const row = version === undefined ? await this.templates.latestRelease(templateId) : await this.templates.version(projectId, templateId, version);
    if (!row) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no release to export`);
    if (row.yaml === null) throw new TemplateError(TemplateErrorCode.NOT_EXPORTABLE, `Version ${row.version} of template ${templateId} uses what v3.0 YAML cannot express`);
    return { name: info.name, yaml: row.yaml };
  }

  /** BK-CI allTemplates: what "create a pipeline from a template" offers, the released PIPELINE templates. */
  async pickable(projectId: string): Promise<{ count: number; templates: PickableTemplate[] }> {
    const rows = await this.lists.releasedPipelineTemplates(projectId);
    const templates = rows.map((row) => ({
      templateId: row.id,
      name: row.name,
      version: row.releasedVersion as number,
      versionName: row.releasedVersionName as string,
      templateType: row.mode,
      logoUrl: row.logoUrl,
      category: row.category,
    }));
    return { count: templates.length, templates };
  }

  info(projectId: string, templateId: string): Promise<TemplateInfoEntity> {
    return this.templates.info(projectId, templateId);
  }

  /** One version; with `draftVersion`, that save of the draft instead. */
  async details(projectId: string, templateId: string, version: number, draftVersion?: number): Promise<TemplateDetails> {
    await this.templates.info(projectId, templateId);
    const row = await this.templates.version(projectId, templateId, version);
    if (draftVersion === undefined) return this.describe(row);
    const saved = await this.templates.draftHistory(templateId, version, draftVersion);
    if (!saved) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Version ${version} of template ${templateId} has no draft save ${draftVersion}`);
    return { ...(await this.describe(row)), setting: saved.setting, params: saved.params, resource: { ...resourceOf(row), model: saved.model, params: saved.params, draftVersion } };
  }

  /** What the editor opens: the draft when there is one, else the latest release. */
  async latestDetails(projectId: string, templateId: string): Promise<TemplateDetails> {
    await this.templates.info(projectId, templateId);
    const row = (await this.templates.draft(templateId)) ?? (await this.templates.latestRelease(templateId));
    if (!row) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no draft and no release`);
    return this.describe(row);
  }

  /** A template at a ref (BK-CI ref/details): a branch's ACTIVE version or a release, by name. */
  async refDetails(projectId: string, templateId: string, ref: string): Promise<TemplateDetails> {
    await this.templates.info(projectId, templateId);
    return this.describe(await this.templates.versionAtRef(projectId, templateId, ref));
  }

  /** Version history, the draft first, then newest first; deleted versions left out unless asked for. */
  async listVersions(projectId: string, templateId: string, condition: ListVersionsDto): Promise<Page<TemplateResource>> {
    await this.templates.info(projectId, templateId);
    const paging = resolvePaging(condition);
    const [rows, count] = await this.versions.history(projectId, templateId, condition, paging);
    return toPage(rows.map(resourceOf), count, paging);
  }

  /** The saves of a draft (of the live draft when `version` is absent), newest first. */
  async listDraftSaves(projectId: string, templateId: string, version: number | undefined, query: PageQueryDto): Promise<Page<DraftSaveSummary>> {
    await this.templates.info(projectId, templateId);
    const draftOf = version ?? (await this.templates.draft(templateId))?.version;
    const paging = resolvePaging(query);
    if (draftOf === undefined) return toPage([], 0, paging);
    const [rows, count] = await this.versions.draftSaves(projectId, templateId, draftOf, paging);
    return toPage(rows, count, paging);
  }

  /** Two versions and what changed between them, in the model and in the setting. */
  async compare(projectId: string, templateId: string, query: CompareQueryDto): Promise<TemplateComparison> {
    const base = await this.details(projectId, templateId, query.baseVersion);
    const compared = await this.details(projectId, templateId, query.comparedVersion);
    return {
      baseVersionResource: base.resource,
      comparedVersionResource: compared.resource,
      modelChanges: diffJson(base.resource.model, compared.resource.model),
      settingChanges: diffJson(base.setting, compared.setting),
    };
  }

  async operationLog(projectId: string, templateId: string, creator: string | undefined, query: PageQueryDto): Promise<Page<TemplateOperationLogEntity>> {
    await this.templates.info(projectId, templateId);
    const paging = resolvePaging(query);
    const [rows, count] = await this.operationLogs.page(projectId, templateId, creator, paging);
    return toPage(rows, count, paging);
  }

  /**
   * The counters and name releasing draft `version` would give, without writing anything. The name
   * is the draft's own (BK-CI's rule): a draft save keeps its name in the draft's setting, and only
   * the release renames the template.
   */
  async prefetchRelease(projectId: string, templateId: string, version: number, customVersionName: string | undefined): Promise<PrefetchReleaseResult> {
    await this.templates.info(projectId, templateId);
    const draft = await this.templates.version(projectId, templateId, version);
    if (draft.status !== 'COMMITTING') {
      throw new TemplateError(TemplateErrorCode.NOT_A_DRAFT, `Version ${version} of template ${templateId} is ${draft.status}, not the draft`);
    }
    const { setting } = await this.templates.setting(templateId, draft.settingVersion);
    const content = { model: draft.model, setting, params: draft.params, yaml: draft.yaml };
    const release = await this.writer.releaseFields(templateId, content, customVersionName ?? null);
    return { templateId, templateName: setting.pipelineName, version, number: draft.number, newVersionNum: release.versionNum, newVersionName: release.versionName };
  }

  /**
   * EDIT: a draft exists (EXISTS), or it started from a release that is no longer the latest
   * (CONFLICT). SAVE: the draft was saved again after `baseDraftVersion`. RELEASE: the draft did not
   * start from the latest release.
   */
  async draftStatus(projectId: string, templateId: string, query: DraftStatusQueryDto): Promise<DraftStatus> {
    const info = await this.templates.info(projectId, templateId);
    const draft = await this.templates.draft(templateId);
    const release = await this.templates.latestRelease(templateId);
    const outdated = draft !== null && release !== null && draft.baseVersion !== info.releasedVersion;
    let status: DraftStatus['status'] = 'NORMAL';
    if (query.actionType === 'EDIT' && draft) status = outdated ? 'CONFLICT' : 'EXISTS';
    if (query.actionType === 'SAVE' && draft && query.baseDraftVersion !== undefined && draft.draftVersion !== query.baseDraftVersion) status = 'CONFLICT';
    if (query.actionType === 'RELEASE' && outdated) status = 'CONFLICT';
    return { status, draft: draft && resourceOf(draft), release: release && resourceOf(release) };
  }

  async versionNameExists(projectId: string, templateId: string, versionName: string): Promise<boolean> {
    await this.templates.info(projectId, templateId);
    return this.versions.hasReleaseNamed({ projectId, templateId, versionName });
  }

  private async describe(row: TemplateResourceVersionEntity): Promise<TemplateDetails> {
    return detailsOf(row, (await this.templates.setting(row.templateId, row.settingVersion)).setting);
  }
}
