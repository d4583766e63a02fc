import { Injectable, Logger } from '@nestjs/common';
import { BUILD_CANCEL, BUILD_FINISH, BUILD_STAGE, BUILD_START, emitEvent, EventPayload } from '@bkci/contracts';
import { DomainError } from '@bkci/core';
import { LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { BUILD_STATUSES, isRunning, PipelineSetting, TriggerContainer } from '@bkci/pipeline-model';
import { PipelineService } from '../../pipelines/pipeline.service';
import { BuildVariable } from '../build-variables';
import { BuildRepository } from '../build.repository';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BUILD_RUN_LOCK_TTL_MS, buildRunLockKey, concurrencyGroupLockKey, ENGINE_LOCK_WAIT_MS, pipelineStartLockKey } from './build-locks';
import { emitBuildStatus } from './status-events';

/** BK-CI's default cap on a MULTIPLE pipeline's running builds (maxConRunningQueueSize). */
export const DEFAULT_MAX_RUNNING = 200;
const RUNNING_STATUSES = BUILD_STATUSES.filter(isRunning);

/**
 * BK-CI BuildStartControl: under the build's and the pipeline's start locks, a queued build that
 * its pipeline's runLockType lets start (mayStart) becomes RUNNING, its trigger stage, job and
 * steps SUCCEED, BK_CI_BUILD_START_TIME is set, and the first queued stage after the trigger is
 * started — or the build finishes SUCCEED when there is none.
 * RETRY (a retried build, queued again by BuildRetryService with what runs again at QUEUE): the
 * trigger stage has run already and the build keeps its number, so only the build runs again from
 * its first queued stage; it keeps its start time unless the retry cleared it (the whole build again).
 */
@Injectable()
export class BuildStartControl {
  private readonly logger = new Logger(BuildStartControl.name);

  constructor(
    private readonly builds: BuildRepository,
    private readonly pipelines: PipelineService,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  async handle(event: EventPayload<typeof BUILD_START>): Promise<void> {
    const options = { ttlMs: BUILD_RUN_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS };
    // As BK-CI: the build's lock, then the pipeline's, so two queued builds cannot both take the last free slot.
    await this.locks.withLock(buildRunLockKey(event.buildId), () => this.locks.withLock(pipelineStartLockKey(event.pipelineId), () => this.start(event), options), options);
  }

  private async start(event: EventPayload<typeof BUILD_START>): Promise<void> {
    const build = await this.builds.buildById(event.buildId);
    // Started already (a redelivered event) or ended (cancelled while queued): nothing to do.
    if (!build || build.status !== 'QUEUE') return;
    const version = await this.pipelines.getVersion(build.projectId, build.pipelineId, build.version).catch(async (error: unknown) => {
      if (!(error instanceof DomainError) || error.httpStatus !== 404) throw error;
      await this.endWithoutModel(build, error.message);
      return null;
    });
    if (!version) return;
    const { model, setting } = version;
    const buildNoType = (model.stages[0].containers[0] as TriggerContainer).buildNo?.buildNoType;
    if (!(await this.mayStart(build, setting))) return;

    const stages = await this.builds.stages(build.buildId);
    const containers = await this.builds.containers(build.buildId);
    const trigger = stages[0];
    const next = stages.find((stage) => stage.seq > 0 && stage.status === 'QUEUE');
    const now = new Date();
    // BK-CI's retry flag (handleBuildNo): a later execution, also when a freed slot starts it as START after a wait in the queue.
    const retry = build.executeCount > 1;
    await this.outbox.transaction(async ({ manager, emit }) => {
      if (!(await this.builds.swapBuildStatus(build.buildId, 'QUEUE', 'RUNNING', { startTime: build.startTime ?? now }, manager))) return;
      emitBuildStatus(emit, build, 'STARTED', 'RUNNING', now);
      if (!retry) {
        await this.builds.swapStageStatus(build.buildId, trigger.stageId, 'QUEUE', 'SUCCEED', { startTime: now, endTime: now }, manager);
        for (const container of containers.filter((c) => c.stageId === trigger.stageId)) {
          await this.builds.swapContainerStatus(build.buildId, container.containerId, 'QUEUE', 'SUCCEED', { startTime: now, endTime: now }, manager);
          for (const task of await this.builds.containerTasks(build.buildId, container.containerId, manager)) {
            await this.builds.swapTaskStatus(build.buildId, task.taskId, 'QUEUE', 'SUCCEED', { startTime: now, endTime: now }, manager);
          }
        }
      }
      const variable = (key: string, value: string) => ({ buildId: build.buildId, projectId: build.projectId, pipelineId: build.pipelineId, key, value, varType: null, readOnly: true });
      await this.builds.saveVar(variable(BuildVariable.BUILD_START_TIME, String(now.getTime())), manager);
      if (buildNoType === 'SUCCESS_BUILD_INCREMENT' && !retry) {
        // BK-CI gives this kind of number when the build really starts, after any wait in the queue.
        const summary = await this.builds.summary(build.pipelineId, manager);
        if (summary?.buildNo !== null && summary?.buildNo !== undefined) await this.builds.saveVar(variable(BuildVariable.BUILD_NO, String(summary.buildNo)), manager);
      }
      const ids = { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId };
      if (next) emitEvent(emit, BUILD_STAGE, { ...ids, stageId: next.stageId, actionType: retry ? 'RETRY' : 'START', executeCount: build.executeCount });
      else emitEvent(emit, BUILD_FINISH, { ...ids, status: 'SUCCEED', errorType: null, errorCode: null, errorMsg: null });
    });
  }

  /** BK-CI: a queued build whose pipeline (or version) is gone never starts; it ends CANCELED, saying why. */
  private async endWithoutModel(build: BuildHistoryEntity, why: string): Promise<void> {
    const now = new Date();
    await this.outbox.transaction(async ({ manager, emit }) => {
      const change = { endTime: now, errorType: 'SYSTEM', errorCode: null, errorMsg: `the build cannot start: ${why}` };
      if (!(await this.builds.swapBuildStatus(build.buildId, 'QUEUE', 'CANCELED', change, manager))) return;
      await this.builds.cancelUnfinished(build.buildId, now, manager);
      emitBuildStatus(emit, build, 'FINISHED', 'CANCELED', now);
    });
  }

  /**
   * BK-CI tryToStartRunBuild, by the version's runLockType: MULTIPLE starts below its cap;
   * SINGLE and SINGLE_LOCK start the pipeline's oldest queued build when none runs; GROUP_LOCK
   * starts the group's oldest queued build (across the project's pipelines) when none of the group
   * runs, cancelling the running ones first when the setting says so. A build that may not start
   * stays QUEUE; the end of a running build starts the next (handOverSlots).
   */
  private async mayStart(build: BuildHistoryEntity, setting: PipelineSetting): Promise<boolean> {
    switch (setting.runLockType) {
      case 'MULTIPLE':
        return (await freeSlots(this.builds, build.projectId, build.pipelineId, setting)) > 0;
      case 'SINGLE':
      case 'SINGLE_LOCK': {
        const [head] = await this.builds.oldestQueued(build.projectId, build.pipelineId, 1);
        if (head?.buildId !== build.buildId) return false;
        return (await this.builds.runningCount(build.projectId, build.pipelineId, RUNNING_STATUSES)) === 0;
      }
      case 'GROUP_LOCK':
        return this.mayStartInGroup(build, setting);
      default:
        this.logger.warn(`pipeline ${build.pipelineId}: runLockType ${setting.runLockType} does not run builds; build ${build.buildId} stays QUEUE`);
        return false;
    }
  }

  private async mayStartInGroup(build: BuildHistoryEntity, setting: PipelineSetting): Promise<boolean> {
    const group = build.concurrencyGroup ?? build.pipelineId;
    const options = { ttlMs: BUILD_RUN_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS };
    return this.locks.withLock(
      concurrencyGroupLockKey(build.projectId, group),
      async () => {
        const head = await this.builds.oldestQueuedOfGroup(build.projectId, group);
        if (head?.buildId !== build.buildId) return false;
        const running = await this.builds.groupBuilds(build.projectId, group, RUNNING_STATUSES);
        if (running.length === 0) return true;
        if (setting.concurrencyCancelInProgress) {
          // As BK-CI: the running builds are cancelled through the cancel path, whose end hands the group on to this build.
          await this.outbox.transaction(async ({ emit }) => {
            for (const other of running) emitEvent(emit, BUILD_CANCEL, { projectId: other.projectId, pipelineId: other.pipelineId, buildId: other.buildId, userId: build.startUser });
          });
        }
        return false;
      },
      options,
    );
  }
}

/** How many more builds a MULTIPLE pipeline may run now (its cap less the builds running). */
export async function freeSlots(builds: BuildRepository, projectId: string, pipelineId: string, setting: PipelineSetting, manager?: OutboxTransaction['manager']): Promise<number> {
  const cap = setting.maxConRunningQueueSize ?? DEFAULT_MAX_RUNNING;
  return cap - (await builds.runningCount(projectId, pipelineId, RUNNING_STATUSES, manager));
}

