import { Injectable } from '@nestjs/common';
import { allowsResource, Caller, PermissionChecker } from '@bkci/auth';
import { Page } from '@bkci/core';
import { TemplatePipelineStatus } from '../../pipelines/dto/template-relation.dto';
import { PipelineService } from '../../pipelines/pipeline.service';
import { isBehindRelease } from '../template-instance-lag';
import { TemplateRepository } from '../template.repository';
import { ListInstancesDto } from './dto/instances-queries.dto';

/** BK-CI PipelineTemplateRelatedResp: one instance in the template's instance list. */
export interface InstanceListRow {
  templateId: string;
  pipelineId: string;
  pipelineName: string;
  pipelineVersion: number;
  pipelineVersionName: string;
  fromTemplateVersion: number;
  fromTemplateVersionName: string;
  canEdit: boolean;
  status: TemplatePipelineStatus;
  enabledPac: boolean;
  repoHashId: string | null;
  repoAliasName: string | null;
  pullRequestUrl: string | null;
  instanceErrorInfo: string | null;
  updater: string;
  updateTime: number;
}

/**
 * The template's instance list (BK-CI listTemplateInstances): its CONSTRAINT instances, each marked
 * PENDING_UPDATE when the template has released another version since, and editable when the caller
 * may edit that pipeline. No pipeline here is kept in a repository, so none is PAC.
 */
@Injectable()
export class InstanceListService {
  constructor(
    private readonly pipelines: PipelineService,
    private readonly templates: TemplateRepository,
    private readonly permissions: PermissionChecker,
  ) {}

  async list(caller: Caller, projectId: string, templateId: string, query: ListInstancesDto): Promise<Page<InstanceListRow>> {
    const info = await this.templates.info(projectId, templateId);
    const page = await this.pipelines.listTemplateRelations(projectId, templateId, {
      page: query.page,
      pageSize: query.pageSize,
      pipelineName: query.pipelineName,
      updater: query.updater,
      templateVersion: query.templateVersion,
      status: query.status,
      releasedVersion: info.releasedVersion,
      instanceType: 'CONSTRAINT',
      sortType: query.sortType,
      desc: query.desc,
    });
    const { pipeline_edit: editable } = await this.permissions.allowedFor(caller, projectId, ['pipeline_edit']);
    return {
      ...page,
      records: page.records.map((row) => ({
        templateId: row.templateId,
        pipelineId: row.pipelineId,
        pipelineName: row.pipelineName,
        pipelineVersion: row.pipelineVersion,
        pipelineVersionName: row.pipelineVersionName,
        fromTemplateVersion: row.templateVersion,
        fromTemplateVersionName: row.templateVersionName,
        canEdit: allowsResource(editable, row.pipelineId),
        status: row.status === 'UPDATED' && isBehindRelease(info, row.templateVersion) ? 'PENDING_UPDATE' : row.status,
        enabledPac: false,
        repoHashId: null,
        repoAliasName: null,
        pullRequestUrl: null,
        instanceErrorInfo: row.instanceErrorInfo,
        updater: row.updater,
        updateTime: row.updateTime,
      })),
    };
  }
}
