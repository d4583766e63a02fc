import { Injectable } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { resolvePaging } from '@bkci/core';
import { findTriggerContainer, Model } from '@bkci/pipeline-model';
import { ListPipelinesDto, PipelineListRow, PipelinePage } from './dto/pipeline-list.dto';
import { DRAFT_STATUS, RELEASED_STATUS } from './dto/pipeline.dto';
import { PipelineInfoEntity } from './entities/pipeline-info.entity';
import { TemplatePipelineEntity } from './entities/template-pipeline.entity';
import { PipelineBuildsSummary, PipelineListRepository } from './pipeline-list.repository';

/** BK-CI's pipeline list (PipelineListFacadeService.listPermissionPipeline) and name check. */
@Injectable()
export class PipelineListService {
  constructor(
    private readonly repository: PipelineListRepository,
    private readonly permissions: PermissionChecker,
  ) {}

  /** The caller may list every pipeline of the project (pipelines have project-wide grants only). */
  async list(caller: Caller, projectId: string, query: ListPipelinesDto): Promise<PipelinePage> {
    const paging = resolvePaging(query);
    const [infos, count] = await this.repository.page(projectId, { sortType: query.sortType ?? 'CREATE_TIME', nameContains: query.filterByPipelineName, paging });
    const models = await this.repository.latestModels(infos);
    const relations = await this.repository.relations(projectId, infos.map((info) => info.pipelineId));
    const builds = await this.repository.buildSummaries(projectId, infos.map((info) => info.pipelineId));
    const now = Date.now();
    const hasPipelines = count > 0 || (await this.repository.anyPipeline(projectId));
    return {
      count,
      page: paging.page,
      pageSize: paging.pageSize,
      totalPages: Math.ceil(count / paging.pageSize),
      records: infos.map((info) => toRow(info, models.get(info.pipelineId), relations.get(info.pipelineId), builds.get(info.pipelineId), now)),
      hasCreatePermission: await this.mayCreate(caller, projectId),
      hasPipelines,
      hasFavorPipelines: false,
      hasPermissionPipelines: hasPipelines,
      currentView: null,
    };
  }

  /** One pipeline's row; null when the project has no such live pipeline. */
  async status(projectId: string, pipelineId: string): Promise<PipelineListRow | null> {
    const info = await this.repository.live(projectId, pipelineId);
    if (!info) return null;
    const models = await this.repository.latestModels([info]);
    const relations = await this.repository.relations(projectId, [pipelineId]);
    const builds = await this.repository.buildSummaries(projectId, [pipelineId]);
    return toRow(info, models.get(pipelineId), relations.get(pipelineId), builds.get(pipelineId), Date.now());
  }

  mayCreate(caller: Caller, projectId: string): Promise<boolean> {
    return this.permissions.allows(caller, projectId, 'pipeline_create');
  }

  nameTaken(projectId: string, pipelineName: string): Promise<boolean> {
    return this.repository.nameTaken(projectId, pipelineName);
  }
}

function toRow(info: PipelineInfoEntity, model: Model | undefined, relation: TemplatePipelineEntity | undefined, builds: PipelineBuildsSummary | undefined, now: number): PipelineListRow {
  const latest = builds?.latest ?? null;
  return {
    projectId: info.projectId,
    pipelineId: info.pipelineId,
    pipelineName: info.pipelineName,
    pipelineDesc: info.desc,
    taskCount: model ? taskCount(model) : 0,
    buildCount: builds?.buildCount ?? 0,
    lock: false,
    canManualStartup: model ? canManualStartup(model) : false,
    latestBuildStartTime: latest?.startTime?.getTime() ?? null,
    latestBuildEndTime: latest?.endTime?.getTime() ?? null,
    latestBuildStatus: latest?.status ?? null,
    latestBuildNum: latest?.buildNum ?? null,
    latestBuildId: latest?.buildId ?? null,
    // BK-CI's placeholder value (PipelineListFacadeService.initPipelines).
    latestBuildEstimatedExecutionSeconds: 1,
    deploymentTime: info.updatedAt.getTime(),
    createTime: info.createdAt.getTime(),
    updateTime: info.updatedAt.getTime(),
    pipelineVersion: info.latestVersion,
    currentTimestamp: now,
    runningBuildCount: builds?.runningBuildCount ?? 0,
    hasPermission: true,
    hasCollect: false,
    latestBuildUserId: latest?.startUser ?? '',
    instanceFromTemplate: relation !== undefined,
    templateId: relation?.templateId ?? null,
    version: relation?.templateVersion ?? null,
    versionName: relation?.templateVersionName ?? null,
    updater: info.updater,
    creator: info.creator,
    delete: false,
    // A pipeline created as a draft has no release (latestVersion 0) until the draft is released.
    latestVersionStatus: info.latestVersion === 0 ? DRAFT_STATUS : RELEASED_STATUS,
  };
}

/** BK-CI Model.taskCount(): every element of every container. */
function taskCount(model: Model): number {
  return model.stages.reduce((sum, stage) => sum + stage.containers.reduce((inStage, container) => inStage + container.elements.length, 0), 0);
}

/** Whether the trigger stage has a manual trigger that is not switched off. */
export function canManualStartup(model: Model): boolean {
  const trigger = findTriggerContainer(model);
  return (trigger?.elements ?? []).some((element) => element['@type'] === 'manualTrigger' && element.additionalOptions?.enable !== false);
}
