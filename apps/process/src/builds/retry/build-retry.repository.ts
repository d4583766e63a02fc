import { Injectable } from '@nestjs/common';
import type { BuildStatus, StagePauseCheck } from '@bkci/pipeline-model';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BuildRecordEntity } from '../entities/build-record.entity';
import { BuildStageEntity } from '../entities/build-stage.entity';
import { BuildTaskEntity } from '../entities/build-task.entity';
import type { RetryPlan } from './retry-plan';

/** Why a step a retry skipped is SKIP (BK-CI BK_MANUALLY_SKIPPED). */
export const MANUALLY_SKIPPED = 'Manually skipped';

/** The writes of a retry (the runtime rows that run again) and the records of ended executions. */
@Injectable()
export class BuildRetryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async saveRecord(record: BuildRecordEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(BuildRecordEntity, record as QueryDeepPartialEntity<BuildRecordEntity>);
  }

  /** The record of an ended execution of the build, or null (the latest execution has none: its rows are the runtime ones). */
  record(buildId: string, executeCount: number, manager: EntityManager = this.dataSource.manager): Promise<BuildRecordEntity | null> {
    return manager.findOneBy(BuildRecordEntity, { buildId, executeCount });
  }

  /**
   * The ended build queues again as its next execution (BK-CI updateBuildRetryInfo): compare-and-set
   * on the status it ended with, so two retries cannot both win. A whole-build retry starts its clock again.
   */
  async requeue(build: BuildHistoryEntity, executeCount: number, wholeBuild: boolean, now: Date, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const change: QueryDeepPartialEntity<BuildHistoryEntity> = {
      status: 'QUEUE',
      executeCount,
      queueTime: now,
      endTime: null,
      errorType: null,
      errorCode: null,
      errorMsg: null,
      ...(wholeBuild ? { startTime: null } : {}),
      revision: () => 'revision + 1',
    };
    const result = await manager.update(BuildHistoryEntity, { buildId: build.buildId, status: build.status, revision: build.revision }, change);
    return result.affected === 1;
  }

  /**
   * What runs again is QUEUE as never started, under the new execute count (the container control
   * starts a job only while its startTime is null); the steps the retry skips are SKIP. A stage's
   * check-in is the one it starts with (`checkIns`, by stage id), so its review is asked again.
   */
  async reset(buildId: string, plan: RetryPlan, executeCount: number, checkIns: Map<string, StagePauseCheck | null>, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const fresh = { startTime: null, endTime: null, executeCount };
    for (const stageId of plan.stageIds) {
      const change = { ...fresh, status: 'QUEUE' as BuildStatus, checkIn: checkIns.get(stageId) ?? null };
      await manager.update(BuildStageEntity, { buildId, stageId }, change as QueryDeepPartialEntity<BuildStageEntity>);
    }
    if (plan.containerIds.length > 0) {
      await manager.update(BuildContainerEntity, { buildId, containerId: In(plan.containerIds) }, { ...fresh, status: 'QUEUE', statusReason: null });
    }
    if (plan.taskIds.length > 0) {
      const cleared = { status: 'QUEUE' as const, statusReason: null, retryCount: 0, errorType: null, errorCode: null, errorMsg: null };
      await manager.update(BuildTaskEntity, { buildId, taskId: In(plan.taskIds) }, { ...fresh, ...cleared });
    }
    if (plan.skipTaskIds.length > 0) {
      await manager.update(BuildTaskEntity, { buildId, taskId: In(plan.skipTaskIds) }, { ...fresh, status: 'SKIP', statusReason: MANUALLY_SKIPPED, errorMsg: MANUALLY_SKIPPED });
    }
  }
}
