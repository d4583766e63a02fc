import { Injectable } from '@nestjs/common';
import { resolvePaging, toPage } from '@bkci/core';
import { PipelineService } from '../pipelines/pipeline.service';
import { BuildError, BuildErrorCode, buildNotFound } from './build.errors';
import { BuildRepository } from './build.repository';
import { BuildHistoryEntity } from './entities/build-history.entity';
import { modelWithRuntime } from './build-detail';
import { BuildRetryRepository } from './retry/build-retry.repository';
import { rowsOf } from './retry/execution-record';
import { BuildHistoryPage, BuildHistoryQueryDto, BuildHistoryWithVars, BuildStageStatus, maskVariables, ModelDetail, ModelRecord, sensitiveKeys, toBuildHistory } from './dto/build.dto';

/** The reads of builds: a build's status with its variables, and a pipeline's history. */
@Injectable()
export class BuildQueryService {
  constructor(
    private readonly builds: BuildRepository,
    private readonly pipelines: PipelineService,
    private readonly retries: BuildRetryRepository,
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
    return (await this.runtime(projectId, pipelineId, buildId)).detail;
  }

  /**
   * BK-CI's build record of one execution (getBuildRecordByExecuteCount, v4 `build_detail`): the
   * latest from the runtime rows, an earlier one from the record kept when the build was retried.
   */
  async record(projectId: string, pipelineId: string, buildId: string, executeCount?: number): Promise<ModelRecord> {
    const { row, pipeline, stages, detail } = await this.runtime(projectId, pipelineId, buildId, executeCount);
    const stageStatus = detail.model.stages.map((stage, index): BuildStageStatus => {
      const stageRow = stages.find((s) => s.seq === index);
      const started = stageRow?.startTime?.getTime() ?? null;
      const ended = stageRow?.endTime?.getTime() ?? null;
      return {
        stageId: stage.id ?? `stage-${index + 1}`,
        name: stage.name ?? stage.id ?? `stage-${index + 1}`,
        status: stageRow?.status ?? null,
        tag: stage.tag ?? null,
        startEpoch: started,
        elapsed: started !== null && ended !== null ? ended - started : null,
        timeCost: null,
        showMsg: index === 0 ? queueMessage(row) : null,
      };
    });
    return {
      ...detail,
      queueTimeCost: detail.startTime === null ? null : detail.startTime - detail.queueTime,
      cancelUserId: null,
      curVersionName: row.versionName,
      lastModifyUser: pipeline.updater,
      executeTime: detail.startTime !== null && detail.endTime !== null ? detail.endTime - detail.startTime : 0,
      errorInfoList: toBuildHistory(row).errorInfoList,
      stageStatus,
      triggerReviewers: null,
      startUserList: [row.startUser],
      recordList: [{ startUser: row.startUser, timeCost: null }],
      buildMsg: row.buildMsg,
      material: null,
      remark: null,
      webhookInfo: null,
      templateInfo: null,
    };
  }

  /** The build's state in execution `executeCount` (default: the latest, from the runtime rows). */
  private async runtime(projectId: string, pipelineId: string, buildId: string, executeCount?: number) {
    const latest = await this.builds.build(projectId, pipelineId, buildId);
    if (!latest) throw buildNotFound(pipelineId, buildId);
    const pipeline = await this.pipelines.get(projectId, pipelineId);
    const version = await this.pipelines.getVersion(projectId, pipelineId, latest.version);
    const summary = await this.builds.summary(pipelineId);
    const { history, stages, containers, tasks } = await this.execution(latest, executeCount);
    const row = { ...latest, ...history };
    const detail: ModelDetail = {
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
    return { row, pipeline, stages, detail };
  }

  private async execution(latest: BuildHistoryEntity, executeCount: number | undefined) {
    if (executeCount === undefined || executeCount === latest.executeCount) {
      const [stages, containers, tasks] = await Promise.all([this.builds.stages(latest.buildId), this.builds.containers(latest.buildId), this.builds.tasks(latest.buildId)]);
      return { history: {}, stages, containers, tasks };
    }
    const record = executeCount < latest.executeCount ? await this.retries.record(latest.buildId, executeCount) : null;
    if (!record) throw new BuildError(BuildErrorCode.EXECUTION_NOT_FOUND, `Build ${latest.buildId} has no record of execution ${executeCount}; its latest is ${latest.executeCount}`);
    return rowsOf(record);
  }

  /** Newest first. */
  async history(projectId: string, pipelineId: string, query: BuildHistoryQueryDto): Promise<BuildHistoryPage> {
    const pipeline = await this.pipelines.get(projectId, pipelineId);
    const paging = resolvePaging(query);
    const filter = {
      status: query.status,
      trigger: query.trigger,
      triggerUser: query.triggerUser,
      queueTime: { from: query.queueTimeStartTime, to: query.queueTimeEndTime },
      startTime: { from: query.startTimeStartTime, to: query.startTimeEndTime },
      endTime: { from: query.endTimeStartTime, to: query.endTimeEndTime },
      buildNum: { from: query.buildNoStart, to: query.buildNoEnd },
      buildMsg: query.buildMsg,
      debug: query.debug,
    };
    const [rows, count] = await this.builds.historyPage(projectId, pipelineId, filter, paging);
    const now = Date.now();
    // BK-CI filters total time after the query, on the page: so does this (the list's count stays the query's).
    const records = rows.filter((row) => withinTotalTime(row, query, now)).map((row) => toBuildHistory(row, now));
    return { ...toPage(records, count, paging), pipelineVersion: pipeline.version };
  }
}

/**
 * Why a queued build waits, on its trigger stage's status as BK-CI shows it (updateBuildInfoStatus2Queue):
 * BUILD_QUEUE_FOR_CONCURRENCY (2101105) for a concurrency group, else BUILD_QUEUE_FOR_SINGLE (2101096).
 */
export function queueMessage(row: BuildHistoryEntity): string | null {
  if (row.status !== 'QUEUE') return null;
  if (row.concurrencyGroup !== null) return `Queued: The current build is queued for concurrent group (${row.concurrencyGroup})`;
  return 'Queued: the current build is in the lineup';
}

/** BK-CI's total-time filter (ms from start to end; a build still running counts to now, one not started as 0). */
function withinTotalTime(row: BuildHistoryEntity, query: BuildHistoryQueryDto, now: number): boolean {
  const total = row.startTime ? (row.endTime?.getTime() ?? now) - row.startTime.getTime() : 0;
  return (query.totalTimeMin === undefined || total >= query.totalTimeMin) && (query.totalTimeMax === undefined || total <= query.totalTimeMax);
}
