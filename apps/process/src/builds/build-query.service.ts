import { Injectable } from '@nestjs/common';
import { resolvePaging, toPage } from '@bkci/core';
import { PipelineService } from '../pipelines/pipeline.service';
import { buildNotFound } from './build.errors';
import { BuildRepository } from './build.repository';
import { modelWithRuntime } from './build-detail';
import { BuildHistoryPage, BuildHistoryQueryDto, BuildHistoryWithVars, maskVariables, ModelDetail, sensitiveKeys, toBuildHistory } from './dto/build.dto';

/** The reads of builds: a build's status with its variables, and a pipeline's history. */
@Injectable()
export class BuildQueryService {
  constructor(
    private readonly builds: BuildRepository,
    private readonly pipelines: PipelineService,
  ) {}

  async status(projectId: string, pipelineId: string, buildId: string): Promise<BuildHistoryWithVars> {
    const row = await this.builds.build(projectId, pipelineId, buildId);
    if (!row) throw buildNotFound(pipelineId, buildId);
    const variables = await this.builds.vars(buildId);
    return { ...toBuildHistory(row), variables: maskVariables(variables, sensitiveKeys(row)) };
  }

  /** The values of `names` the build has, as the status read shows them (sensitive ones masked). */
  async variables(projectId: string, pipelineId: string, buildId: string, names: string[]): Promise<Record<string, string>> {
    const { variables } = await this.status(projectId, pipelineId, buildId);
    return Object.fromEntries(names.filter((name) => Object.hasOwn(variables, name)).map((name) => [name, variables[name]]));
  }

  /** BK-CI's build detail: the model the build runs, with its runtime state. */
  async detail(projectId: string, pipelineId: string, buildId: string): Promise<ModelDetail> {
    const row = await this.builds.build(projectId, pipelineId, buildId);
    if (!row) throw buildNotFound(pipelineId, buildId);
    const pipeline = await this.pipelines.get(projectId, pipelineId);
    const version = await this.pipelines.getVersion(projectId, pipelineId, row.version);
    const [stages, containers, tasks, summary] = await Promise.all([
      this.builds.stages(buildId),
      this.builds.containers(buildId),
      this.builds.tasks(buildId),
      this.builds.summary(pipelineId),
    ]);
    return {
      id: row.buildId,
      pipelineId,
      pipelineName: pipeline.pipelineName,
      userId: row.startUser,
      triggerUser: row.triggerUser,
      trigger: row.startType,
      startTime: row.startTime?.getTime() ?? null,
      endTime: row.endTime?.getTime() ?? null,
      queueTime: row.queueTime.getTime(),
      status: row.status,
      model: modelWithRuntime(version.model, stages, containers, tasks),
      currentTimestamp: Date.now(),
      buildNum: row.buildNum,
      curVersion: row.version,
      latestVersion: pipeline.version,
      latestBuildNum: (row.debug ? summary?.debugBuildNum : summary?.buildNum) ?? row.buildNum,
      executeCount: row.executeCount,
      debug: row.debug,
    };
  }

  /** Newest first. */
  async history(projectId: string, pipelineId: string, query: BuildHistoryQueryDto): Promise<BuildHistoryPage> {
    const pipeline = await this.pipelines.get(projectId, pipelineId);
    const paging = resolvePaging(query);
    const [rows, count] = await this.builds.historyPage(projectId, pipelineId, paging);
    const now = Date.now();
    return { ...toPage(rows.map((row) => toBuildHistory(row, now)), count, paging), pipelineVersion: pipeline.version };
  }
}
