import { Injectable } from '@nestjs/common';
import { resolvePaging, toPage } from '@bkci/core';
import { PipelineService } from '../pipelines/pipeline.service';
import { buildNotFound } from './build.errors';
import { BuildRepository } from './build.repository';
import { BuildHistoryPage, BuildHistoryQueryDto, BuildHistoryWithVars, maskVariables, sensitiveKeys, toBuildHistory } from './dto/build.dto';

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

  /** Newest first. */
  async history(projectId: string, pipelineId: string, query: BuildHistoryQueryDto): Promise<BuildHistoryPage> {
    const pipeline = await this.pipelines.get(projectId, pipelineId);
    const paging = resolvePaging(query);
    const [rows, count] = await this.builds.historyPage(projectId, pipelineId, paging);
    const now = Date.now();
    return { ...toPage(rows.map((row) => toBuildHistory(row, now)), count, paging), pipelineVersion: pipeline.version };
  }
}
