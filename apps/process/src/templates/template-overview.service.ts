import { Injectable } from '@nestjs/common';
import { Action, Caller, listableCodes, PermissionChecker, RESOURCE_PERMISSIONS } from '@bkci/auth';
import { Page } from '@bkci/core';
import { PipelineTemplateType } from '@bkci/pipeline-model';
import { AuthPermission, ListTemplatesDto } from './dto/template-queries.dto';
import { TemplateListRepository } from './template-list.repository';
import { TemplateOperationLogRepository } from './template-operation-log.repository';
import { TemplateRepository } from './template.repository';

/** BK-CI PTemplateSource2Count. */
export interface Source2Count {
  all: number;
  custom: number;
  market: number;
}

/** BK-CI PipelineTemplateListSimpleResponse. */
export interface TemplateSimpleRow {
  id: string;
  name: string;
  type: PipelineTemplateType;
}

/** The template list's sidebar and header: counts, a short list, permission questions, operators. */
@Injectable()
export class TemplateOverviewService {
  constructor(
    private readonly lists: TemplateListRepository,
    private readonly templates: TemplateRepository,
    private readonly operationLog: TemplateOperationLogRepository,
    private readonly permissions: PermissionChecker,
  ) {}

  /** How many templates of each type the caller may list, and `ALL` of them (BK-CI getType2Count). */
  async type2Count(caller: Caller, projectId: string): Promise<Record<string, number>> {
    const ids = await this.listable(caller, projectId);
    const counts = await this.lists.countBy('type', projectId, {}, ids);
    return { ...counts, ALL: Object.values(counts).reduce((sum, count) => sum + count, 0) };
  }

  /** How many of the templates matching `condition` the caller may list, by where they came from. */
  async source2Count(caller: Caller, projectId: string, condition: ListTemplatesDto): Promise<Source2Count> {
    const counts = await this.lists.countBy('mode', projectId, condition, await this.listable(caller, projectId));
    const custom = counts.CUSTOMIZE ?? 0;
    const market = counts.CONSTRAINT ?? 0;
    return { all: custom + market, custom, market };
  }

  /** The list with id, name and type only (BK-CI list/simple, what the store's "publish a template" picker asks). */
  async simpleList(caller: Caller, projectId: string, condition: ListTemplatesDto): Promise<Page<TemplateSimpleRow>> {
    const page = await this.lists.page(projectId, condition, await this.listable(caller, projectId));
    return { ...page, records: page.records.map(({ id, name, type }) => ({ id, name, type })) };
  }

  /**
   * Whether the caller may do `permission` to templates of the project, or to the one template named
   * (BK-CI hasPipelineTemplatePermission). A permission templates do not have is never granted.
   */
  async hasPermission(caller: Caller, projectId: string, templateId: string | undefined, permission: AuthPermission): Promise<boolean> {
    const name = permission.toLowerCase().replace(/_/g, '-');
    if (!(RESOURCE_PERMISSIONS.pipeline_template as readonly string[]).includes(name)) return false;
    const action = `pipeline_template_${name}` as Action;
    return this.permissions.allows(caller, projectId, action, templateId);
  }

  async operators(projectId: string, templateId: string): Promise<string[]> {
    await this.templates.info(projectId, templateId);
    return this.operationLog.operators(projectId, templateId);
  }

  /** The ids the caller may list, or undefined for all of the project's; PERMISSION_DENIED when none. */
  private async listable(caller: Caller, projectId: string): Promise<string[] | undefined> {
    const allowed = await this.permissions.allowedFor(caller, projectId, ['pipeline_template_list']);
    return listableCodes(caller, projectId, 'pipeline_template_list', allowed) ?? undefined;
  }
}
