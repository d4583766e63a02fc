import { Injectable } from '@nestjs/common';
import { Paging } from '@bkci/core';
import { containsPattern, isUniqueViolation, LIKE_ESCAPE } from '@bkci/persistence';
import { BUILD_STATUSES, BuildStatus, isFinish } from '@bkci/pipeline-model';
import { DataSource, EntityManager, In, LessThanOrEqual } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { BuildContainerEntity } from './entities/build-container.entity';
import { BuildHistoryEntity } from './entities/build-history.entity';
import { BuildStageEntity } from './entities/build-stage.entity';
import { BuildSummaryEntity } from './entities/build-summary.entity';
import { BuildTaskEntity } from './entities/build-task.entity';
import { BuildVarEntity } from './entities/build-var.entity';

/** Every row a new build starts with (BK-CI startBuild writes them together). */
export interface NewBuildRows {
  history: BuildHistoryEntity;
  stages: BuildStageEntity[];
  containers: BuildContainerEntity[];
  tasks: BuildTaskEntity[];
  vars: BuildVarEntity[];
}

const UNFINISHED = BUILD_STATUSES.filter((status) => !isFinish(status));

/** An inclusive range; either end may be open. */
export interface Range {
  from?: number;
  to?: number;
}

/** The build history's filters (BK-CI `history/new`), times in epoch ms. */
export interface BuildHistoryFilter {
  status?: BuildStatus[];
  trigger?: string[];
  triggerUser?: string[];
  queueTime?: Range;
  startTime?: Range;
  endTime?: Range;
  buildNum?: Range;
  buildMsg?: string;
  debug?: boolean;
}

/** What a status change may set beside the status. */
export type StatusChange = Partial<Pick<BuildHistoryEntity, 'startTime' | 'endTime' | 'errorType' | 'errorCode' | 'errorMsg'>>;
type TimesChange = Partial<Pick<BuildStageEntity, 'startTime' | 'endTime'>>;
type ContainerChange = TimesChange & Partial<Pick<BuildContainerEntity, 'statusReason'>>;
export type TaskChange = TimesChange & Partial<Pick<BuildTaskEntity, 'statusReason' | 'retryCount' | 'errorType' | 'errorCode' | 'errorMsg' | 'approver' | 'subBuildId' | 'taskParams'>>;
/** A stage's values as TypeORM writes them: the check-ins' `unknown` param values defeat its deep-partial type, not its writing. */
type StageValues = QueryDeepPartialEntity<BuildStageEntity>;
/** A stage's status change may also write its check-in (a review's progress). */
type StageChange = TimesChange & Partial<Pick<BuildStageEntity, 'checkIn'>>;

/**
 * The build runtime tables. Status changes are compare-and-set: `UPDATE … WHERE id = ? AND
 * status = ?`, answering whether this writer won; a loser re-reads and decides again.
 */
@Injectable()
export class BuildRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Makes the pipeline's counters row if it has none, outside any transaction: two first builds
   * of a pipeline racing to insert it must not fail or deadlock a start, so the loser just finds it made.
   */
  async ensureSummary(projectId: string, pipelineId: string): Promise<void> {
    if (await this.dataSource.manager.existsBy(BuildSummaryEntity, { pipelineId })) return;
    try {
      await this.dataSource.manager.insert(BuildSummaryEntity, { pipelineId, projectId, buildNum: 0, debugBuildNum: 0, buildNo: null });
    } catch (error) {
      if (!isUniqueViolation(error)) throw error;
    }
  }

  /**
   * Takes the pipeline's next build number (debug builds count apart) and answers the counters row
   * after it. The increment is one UPDATE, which holds the row until the transaction ends, so
   * concurrent starts get consecutive numbers and see each other's BuildNo.
   */
  async takeBuildNum(pipelineId: string, debug: boolean, manager: EntityManager = this.dataSource.manager): Promise<BuildSummaryEntity> {
    const column = debug ? 'debugBuildNum' : 'buildNum';
    const result = await manager.increment(BuildSummaryEntity, { pipelineId }, column, 1);
    if (result.affected !== 1) throw new Error(`pipeline ${pipelineId} has no build summary row; ensureSummary first`);
    return manager.findOneByOrFail(BuildSummaryEntity, { pipelineId });
  }

  async setBuildNo(pipelineId: string, buildNo: number, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.update(BuildSummaryEntity, { pipelineId }, { buildNo });
  }

  /** A successful build moves a SUCCESS_BUILD_INCREMENT number on (BK-CI BuildEndControl). */
  async incrementBuildNo(pipelineId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.increment(BuildSummaryEntity, { pipelineId }, 'buildNo', 1);
  }

  summary(pipelineId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildSummaryEntity | null> {
    return manager.findOneBy(BuildSummaryEntity, { pipelineId });
  }

  async insertBuild(rows: NewBuildRows, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(BuildHistoryEntity, rows.history);
    await manager.insert(BuildStageEntity, rows.stages as StageValues[]);
    await manager.insert(BuildContainerEntity, rows.containers);
    if (rows.tasks.length > 0) await manager.insert(BuildTaskEntity, rows.tasks);
    if (rows.vars.length > 0) await manager.insert(BuildVarEntity, rows.vars);
  }

  /** A build of the project's pipeline, or null. */
  build(projectId: string, pipelineId: string, buildId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildHistoryEntity | null> {
    return manager.findOneBy(BuildHistoryEntity, { projectId, pipelineId, buildId });
  }

  buildById(buildId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildHistoryEntity | null> {
    return manager.findOneBy(BuildHistoryEntity, { buildId });
  }

  /** The pipeline's latest build (debug builds apart), or null. */
  latestBuild(projectId: string, pipelineId: string, debug: boolean, manager: EntityManager = this.dataSource.manager): Promise<BuildHistoryEntity | null> {
    return manager.findOne(BuildHistoryEntity, { where: { projectId, pipelineId, debug }, order: { buildNum: 'DESC' } });
  }

  /** A page of the pipeline's builds that pass every filter given, newest (highest number) first; release builds unless `debug`. */
  historyPage(projectId: string, pipelineId: string, filter: BuildHistoryFilter, paging: Paging): Promise<[BuildHistoryEntity[], number]> {
    const query = this.dataSource.manager
      .createQueryBuilder(BuildHistoryEntity, 'b')
      .where('b.projectId = :projectId AND b.pipelineId = :pipelineId AND b.debug = :debug', { projectId, pipelineId, debug: filter.debug ?? false });
    if (filter.status?.length) query.andWhere('b.status IN (:...status)', { status: filter.status });
    if (filter.trigger?.length) query.andWhere('b.startType IN (:...trigger)', { trigger: filter.trigger });
    if (filter.triggerUser?.length) query.andWhere('b.triggerUser IN (:...triggerUser)', { triggerUser: filter.triggerUser });
    for (const [column, range] of [['queueTime', filter.queueTime], ['startTime', filter.startTime], ['endTime', filter.endTime]] as const) {
      if (range?.from !== undefined) query.andWhere(`b.${column} >= :${column}From`, { [`${column}From`]: new Date(range.from) });
      if (range?.to !== undefined) query.andWhere(`b.${column} <= :${column}To`, { [`${column}To`]: new Date(range.to) });
    }
    if (filter.buildNum?.from !== undefined) query.andWhere('b.buildNum >= :buildNumFrom', { buildNumFrom: filter.buildNum.from });
    if (filter.buildNum?.to !== undefined) query.andWhere('b.buildNum <= :buildNumTo', { buildNumTo: filter.buildNum.to });
    if (filter.buildMsg) query.andWhere(`b.buildMsg LIKE :buildMsg ESCAPE '${LIKE_ESCAPE}'`, { buildMsg: containsPattern(filter.buildMsg) });
    return query.orderBy('b.buildNum', 'DESC').skip(paging.offset).take(paging.pageSize).getManyAndCount();
  }

  /** Compare-and-set of a build's status; bumps its revision. */
  async swapBuildStatus(buildId: string, expected: BuildStatus, status: BuildStatus, change: StatusChange, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(BuildHistoryEntity, { buildId, status: expected }, { ...change, status, revision: () => 'revision + 1' });
    return result.affected === 1;
  }

  async swapStageStatus(buildId: string, stageId: string, expected: BuildStatus, status: BuildStatus, change: StageChange, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(BuildStageEntity, { buildId, stageId, status: expected }, { ...change, status } as StageValues);
    return result.affected === 1;
  }

  async swapContainerStatus(buildId: string, containerId: string, expected: BuildStatus, status: BuildStatus, change: ContainerChange, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(BuildContainerEntity, { buildId, containerId, status: expected }, { ...change, status });
    return result.affected === 1;
  }

  async swapTaskStatus(buildId: string, taskId: string, expected: BuildStatus, status: BuildStatus, change: TaskChange, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(BuildTaskEntity, { buildId, taskId, status: expected }, { ...change, status });
    return result.affected === 1;
  }

  /** How many builds of the pipeline BK-CI counts as running (RUNNING and its waiting states). */
  runningCount(projectId: string, pipelineId: string, statuses: readonly BuildStatus[], manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.countBy(BuildHistoryEntity, { projectId, pipelineId, status: In([...statuses]) });
  }

  /** How many builds of the pipeline wait in its queue. */
  queuedCount(projectId: string, pipelineId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.countBy(BuildHistoryEntity, { projectId, pipelineId, status: 'QUEUE' });
  }

  /** The builds of a concurrency group (across the project's pipelines) in the given statuses, oldest first. */
  groupBuilds(projectId: string, concurrencyGroup: string, statuses: readonly BuildStatus[], manager: EntityManager = this.dataSource.manager): Promise<BuildHistoryEntity[]> {
    return manager.find(BuildHistoryEntity, { where: { projectId, concurrencyGroup, status: In([...statuses]) }, order: { queueTime: 'ASC', buildNum: 'ASC' } });
  }

  /** The oldest queued build of a concurrency group across the project's pipelines: the one whose turn it is. */
  oldestQueuedOfGroup(projectId: string, concurrencyGroup: string, manager: EntityManager = this.dataSource.manager): Promise<BuildHistoryEntity | null> {
    return manager.findOne(BuildHistoryEntity, { where: { projectId, concurrencyGroup, status: 'QUEUE' }, order: { queueTime: 'ASC', buildNum: 'ASC' } });
  }

  /** Queued builds that entered the queue before `before`, oldest first (the queue monitor's candidates). */
  queuedSince(before: Date, limit: number, manager: EntityManager = this.dataSource.manager): Promise<BuildHistoryEntity[]> {
    return manager.find(BuildHistoryEntity, { where: { status: 'QUEUE', queueTime: LessThanOrEqual(before) }, order: { queueTime: 'ASC' }, take: limit });
  }

  /** The pipeline's oldest queued builds, first come first served. */
  oldestQueued(projectId: string, pipelineId: string, limit: number, manager: EntityManager = this.dataSource.manager): Promise<BuildHistoryEntity[]> {
    return manager.find(BuildHistoryEntity, { where: { projectId, pipelineId, status: 'QUEUE' }, order: { queueTime: 'ASC', buildNum: 'ASC' }, take: limit });
  }

  stage(buildId: string, stageId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildStageEntity | null> {
    return manager.findOneBy(BuildStageEntity, { buildId, stageId });
  }

  /** Every stage waiting for its check-in review (PAUSE), of any build. */
  pausedStages(manager: EntityManager = this.dataSource.manager): Promise<BuildStageEntity[]> {
    return manager.find(BuildStageEntity, { where: { status: 'PAUSE' }, order: { startTime: 'ASC' } });
  }

  /** The stage's jobs in order. */
  stageContainers(buildId: string, stageId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildContainerEntity[]> {
    return manager.find(BuildContainerEntity, { where: { buildId, stageId }, order: { seq: 'ASC' } });
  }

  /** The job's steps in order. */
  containerTasks(buildId: string, containerId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildTaskEntity[]> {
    return manager.find(BuildTaskEntity, { where: { buildId, containerId }, order: { taskSeq: 'ASC' } });
  }

  /** A skipped job's queued steps are skipped with it. */
  async skipQueuedTasks(buildId: string, containerId: string, now: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.update(BuildTaskEntity, { buildId, containerId, status: 'QUEUE' }, { status: 'SKIP', startTime: now, endTime: now });
  }

  container(buildId: string, containerId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildContainerEntity | null> {
    return manager.findOneBy(BuildContainerEntity, { buildId, containerId });
  }

  /** Every stage, job and step of the build not finished yet becomes CANCELED (BK-CI BuildCancelControl). */
  async cancelUnfinished(buildId: string, now: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await this.endUnfinished(buildId, 'CANCELED', now, manager);
  }

  /** Every stage, job and step of the build not finished yet takes the build's final status. */
  async endUnfinished(buildId: string, status: BuildStatus, now: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const where = { buildId, status: In(UNFINISHED) };
    const change = { status, endTime: now };
    await manager.update(BuildStageEntity, where, change);
    await manager.update(BuildContainerEntity, where, change);
    await manager.update(BuildTaskEntity, where, change);
  }

  /** The build's stages in order. */
  stages(buildId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildStageEntity[]> {
    return manager.find(BuildStageEntity, { where: { buildId }, order: { seq: 'ASC' } });
  }

  /** The build's jobs in order. */
  containers(buildId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildContainerEntity[]> {
    return manager.find(BuildContainerEntity, { where: { buildId }, order: { seq: 'ASC' } });
  }

  /** The build's steps, in order within each job. */
  tasks(buildId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildTaskEntity[]> {
    return manager.find(BuildTaskEntity, { where: { buildId }, order: { taskSeq: 'ASC' } });
  }

  /** Steps of one type in one status, of any build (the monitor's review timeouts). */
  tasksInStatus(taskType: string, status: BuildStatus, manager: EntityManager = this.dataSource.manager): Promise<BuildTaskEntity[]> {
    return manager.find(BuildTaskEntity, { where: { taskType, status }, order: { startTime: 'ASC' } });
  }

  task(buildId: string, taskId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildTaskEntity | null> {
    return manager.findOneBy(BuildTaskEntity, { buildId, taskId });
  }

  /** The build's variables as a name → value map. */
  async variables(buildId: string, manager: EntityManager = this.dataSource.manager): Promise<Record<string, string>> {
    return Object.fromEntries((await this.vars(buildId, manager)).map((v) => [v.key, v.value]));
  }

  /** Jobs started and not finished (the monitor checks their timeouts). */
  unfinishedJobs(manager: EntityManager = this.dataSource.manager): Promise<BuildContainerEntity[]> {
    return manager.findBy(BuildContainerEntity, { status: In(['RUNNING', 'PREPARE_ENV', 'LOOP_WAITING']) });
  }

  vars(buildId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildVarEntity[]> {
    return manager.find(BuildVarEntity, { where: { buildId }, order: { key: 'ASC' } });
  }

  /** Sets a variable, replacing its value when the build has it already. */
  async saveVar(row: BuildVarEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.upsert(BuildVarEntity, row, ['buildId', 'key']);
  }
}
