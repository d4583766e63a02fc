import { Injectable } from '@nestjs/common';
import { Paging } from '@bkci/core';
import { BUILD_STATUSES, isRunning, Model } from '@bkci/pipeline-model';
import { containsPattern, LIKE_ESCAPE } from '@bkci/persistence';
import { DataSource, In } from 'typeorm';
// The list shows each pipeline's latest build: read here, beside the pipelines, to keep builds → pipelines the only dependency between the features.
import { BuildHistoryEntity } from '../builds/entities/build-history.entity';
import { PipelineSortType } from './dto/pipeline-list.dto';
import { PipelineInfoEntity } from './entities/pipeline-info.entity';
import { PipelineResourceVersionEntity } from './entities/pipeline-resource-version.entity';
import { TemplatePipelineEntity } from './entities/template-pipeline.entity';

/**
 * BK-CI's order for each sort type (PipelineBuildSummaryDao): names A→Z, times newest first. No
 * pipeline has run yet, so LAST_EXEC_TIME leaves the order to the pipeline id, as BK-CI does for
 * pipelines that never ran.
 */
const ORDER: Record<PipelineSortType, Array<[string, 'ASC' | 'DESC']>> = {
  NAME: [['p.pipelineName', 'ASC']],
  CREATE_TIME: [['p.createdAt', 'DESC']],
  UPDATE_TIME: [['p.updatedAt', 'DESC']],
  LAST_EXEC_TIME: [],
};

/** A pipeline's builds as its list row shows them (BK-CI keeps these in T_PIPELINE_BUILD_SUMMARY). */
export interface PipelineBuildsSummary {
  latest: BuildHistoryEntity | null;
  buildCount: number;
  runningBuildCount: number;
}

const RUNNING_STATUSES = BUILD_STATUSES.filter(isRunning);

/** The queries behind the pipeline list; every one is scoped by project and skips deleted pipelines. */
@Injectable()
export class PipelineListRepository {
  constructor(private readonly dataSource: DataSource) {}

  async page(projectId: string, query: { sortType: PipelineSortType; nameContains?: string; paging: Paging }): Promise<[PipelineInfoEntity[], number]> {
    const builder = this.dataSource.manager
      .createQueryBuilder(PipelineInfoEntity, 'p')
      .where('p.projectId = :projectId AND p.deleted = :deleted', { projectId, deleted: false });
    if (query.nameContains) builder.andWhere(`p.pipelineName LIKE :pattern ESCAPE '${LIKE_ESCAPE}'`, { pattern: containsPattern(query.nameContains) });
    for (const [column, direction] of ORDER[query.sortType]) builder.addOrderBy(column, direction);
    return builder.addOrderBy('p.pipelineId', 'ASC').skip(query.paging.offset).take(query.paging.pageSize).getManyAndCount();
  }

  /** Each pipeline's newest build, how many builds it has and how many run now (debug builds of drafts left out). */
  async buildSummaries(projectId: string, pipelineIds: string[]): Promise<Map<string, PipelineBuildsSummary>> {
    const summaries = new Map<string, PipelineBuildsSummary>();
    if (pipelineIds.length === 0) return summaries;
    const counts = await this.dataSource.manager
      .createQueryBuilder(BuildHistoryEntity, 'b')
      .select('b.pipelineId', 'pipelineId')
      .addSelect('COUNT(*)', 'builds')
      .addSelect('MAX(b.buildNum)', 'latestNum')
      .addSelect('SUM(CASE WHEN b.status IN (:...running) THEN 1 ELSE 0 END)', 'running')
      .where('b.projectId = :projectId AND b.pipelineId IN (:...pipelineIds) AND b.debug = :debug', { projectId, pipelineIds, debug: false, running: RUNNING_STATUSES })
      .groupBy('b.pipelineId')
      .getRawMany<{ pipelineId: string; builds: string; latestNum: string; running: string }>();
    const latest = await this.dataSource.manager.find(BuildHistoryEntity, {
      where: counts.map((row) => ({ projectId, pipelineId: row.pipelineId, debug: false, buildNum: Number(row.latestNum) })),
    });
    for (const row of counts) {
      summaries.set(row.pipelineId, {
        latest: latest.find((build) => build.pipelineId === row.pipelineId) ?? null,
        buildCount: Number(row.builds),
        runningBuildCount: Number(row.running),
      });
    }
    return summaries;
  }

  live(projectId: string, pipelineId: string): Promise<PipelineInfoEntity | null> {
    return this.dataSource.manager.findOneBy(PipelineInfoEntity, { projectId, pipelineId, deleted: false });
  }

  anyPipeline(projectId: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(PipelineInfoEntity, { projectId, deleted: false });
  }

  /** Whether a live pipeline of the project has exactly this name. */
  nameTaken(projectId: string, pipelineName: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(PipelineInfoEntity, { projectId, activeName: pipelineName });
  }

  /** The Model of each pipeline's latest version, in one query. */
  async latestModels(pipelines: PipelineInfoEntity[]): Promise<Map<string, Model>> {
    if (pipelines.length === 0) return new Map();
    const rows = await this.dataSource.manager
      .createQueryBuilder(PipelineResourceVersionEntity, 'v')
      .innerJoin(PipelineInfoEntity, 'p', 'p.pipelineId = v.pipelineId AND p.latestVersion = v.version')
      .where('v.pipelineId IN (:...ids)', { ids: pipelines.map((pipeline) => pipeline.pipelineId) })
      .getMany();
    return new Map(rows.map((row) => [row.pipelineId, row.model as Model]));
  }

  /** The live template relations of the given pipelines, by pipeline id. */
  async relations(projectId: string, pipelineIds: string[]): Promise<Map<string, TemplatePipelineEntity>> {
    if (pipelineIds.length === 0) return new Map();
    const rows = await this.dataSource.manager.findBy(TemplatePipelineEntity, { projectId, pipelineId: In(pipelineIds), deleted: false });
    return new Map(rows.map((row) => [row.pipelineId, row]));
  }
}
