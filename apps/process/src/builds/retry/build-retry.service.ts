import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { BUILD_START, emitEvent } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import { StagePauseCheck, TriggerContainer } from '@bkci/pipeline-model';
import { PipelineService } from '../../pipelines/pipeline.service';
import { BuildId } from '../build-start.service';
import { BuildError, BuildErrorCode, buildNotFound } from '../build.errors';
import { BuildRepository } from '../build.repository';
import { BUILD_RUN_LOCK_TTL_MS, buildRunLockKey, ENGINE_LOCK_WAIT_MS } from '../engine/build-locks';
import { initialCheckIn } from '../engine/stage-check-in';
import { buildEnded } from '../engine/stage-status';
import { BuildRetryRepository } from './build-retry.repository';
import { recordOf } from './execution-record';
import { planRetry, RetryRequest } from './retry-plan';

/** BK-CI PIPELINE_RETRY_COUNT: how many times the build was retried, as its steps read it. */
export const RETRY_COUNT_VARIABLE = 'BK_CI_RETRY_COUNT';

/**
 * BK-CI's manual retry (PipelineBuildFacadeService.retry → PipelineBuildRetryService → startBuild's
 * retry path), for a build that has ended: under the build's run lock the execution that ended is
 * kept as a record, what runs again goes back to QUEUE (planRetry), the build queues as its next
 * execution, and BUILD_START with actionType RETRY hands it to the engine (BuildStartControl).
 * A build still running is refused, as BK-CI refuses a second retry of a running build.
 */
@Injectable()
export class BuildRetryService {
  constructor(
    private readonly builds: BuildRepository,
    private readonly retries: BuildRetryRepository,
    private readonly pipelines: PipelineService,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  retry(caller: Caller, projectId: string, pipelineId: string, buildId: string, request: RetryRequest): Promise<BuildId> {
    return this.locks.withLock(buildRunLockKey(buildId), () => this.retryLocked(caller, projectId, pipelineId, buildId, request), { ttlMs: BUILD_RUN_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS });
  }

  private async retryLocked(caller: Caller, projectId: string, pipelineId: string, buildId: string, request: RetryRequest): Promise<BuildId> {
    const build = await this.builds.build(projectId, pipelineId, buildId);
    if (!build) throw buildNotFound(pipelineId, buildId);
    if (!buildEnded(build)) throw runningBuild(buildId, build.status);
    const [stages, containers, tasks] = await Promise.all([this.builds.stages(buildId), this.builds.containers(buildId), this.builds.tasks(buildId)]);
    const plan = planRetry({ stages, containers, tasks }, request);
    const { model } = await this.pipelines.getVersion(projectId, pipelineId, build.version);
    const checkIns = new Map<string, StagePauseCheck | null>(stages.map((stage) => [stage.stageId, initialCheckIn(model.stages[stage.seq]?.checkIn)]));
    const executeCount = build.executeCount + 1;
    await this.outbox.transaction(async ({ manager, emit }) => {
      await this.retries.saveRecord(recordOf(build, stages, containers, tasks), manager);
      if (!(await this.retries.requeue(build, executeCount, plan.wholeBuild, new Date(), manager))) throw runningBuild(buildId, 'changed meanwhile');
      await this.retries.reset(buildId, plan, executeCount, checkIns, manager);
      await this.builds.saveVar({ buildId, projectId, pipelineId, key: RETRY_COUNT_VARIABLE, value: String(executeCount - 1), varType: null, readOnly: false }, manager);
      emitEvent(emit, BUILD_START, {
        projectId,
        pipelineId,
        buildId,
        taskId: build.firstTaskId,
        actionType: 'RETRY',
        executeCount,
        buildNoType: (model.stages[0].containers[0] as TriggerContainer).buildNo?.buildNoType ?? null,
        debug: build.debug,
        userId: caller.userId,
      });
    });
    return { id: buildId, num: build.buildNum, executeCount, projectId, pipelineId };
  }
}

function runningBuild(buildId: string, status: string): BuildError {
  return new BuildError(BuildErrorCode.RETRY_BUILD_RUNNING, `Build ${buildId} is still running (${status}); retry it once it has ended`);
}
