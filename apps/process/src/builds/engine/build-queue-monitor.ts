import { Injectable, Logger } from '@nestjs/common';
import { LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import { PipelineSetting, TriggerContainer } from '@bkci/pipeline-model';
import { PipelineService } from '../../pipelines/pipeline.service';
import { BuildRepository } from '../build.repository';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BUILD_RUN_LOCK_TTL_MS, buildRunLockKey, ENGINE_LOCK_WAIT_MS } from './build-locks';
import { handOverSlots } from './build-finish.control';
import { emitBuildStatus } from './status-events';

/** BK-CI's default waitQueueTimeMinute. */
export const DEFAULT_WAIT_QUEUE_MINUTES = 10;
/** BK-CI's shortest wait (PIPELINE_SETTING_WAIT_QUEUE_TIME_MINUTE_MIN): builds queued for less are not looked at. */
const MIN_WAIT_MS = 60_000;
/** How many queued builds one pass looks at, oldest first. */
const BATCH = 500;
/** BK-CI ErrorCode.USER_JOB_OUTTIME_LIMIT and the message its monitor ends the build with. */
const QUEUE_TIMEOUT_ERROR = { errorType: 'USER', errorCode: 2199005, errorMsg: 'Job queuing timeout, check the concurrency configuration' };

/** BK-CI PipelineSettingService.isQueueTimeout: the setting's wait for SINGLE, GROUP_LOCK and MULTIPLE, an hour otherwise. */
export function queueTimeoutMs(setting: PipelineSetting): number {
  const ruled = setting.runLockType === 'SINGLE' || setting.runLockType === 'GROUP_LOCK' || setting.runLockType === 'MULTIPLE';
  return ruled ? (setting.waitQueueTimeMinute ?? DEFAULT_WAIT_QUEUE_MINUTES) * 60_000 : 3_600_000;
}

/**
 * BK-CI BuildMonitorControl.monitorQueueBuild: a build queued longer than its pipeline allows ends
 * QUEUE_TIMEOUT (with its stages, jobs and steps), and its place in the queue goes to the next.
 * The engine's periodic monitor calls expireQueuedBuilds.
 */
@Injectable()
export class BuildQueueMonitor {
  private readonly logger = new Logger(BuildQueueMonitor.name);

  constructor(
    private readonly builds: BuildRepository,
    private readonly pipelines: PipelineService,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  /** Ends the builds whose wait is over at `now`; answers their ids. */
  async expireQueuedBuilds(now: Date): Promise<string[]> {
    const expired: string[] = [];
    // Builds of one pipeline version share a setting: read it once a pass.
    const settings = new Map<string, PipelineSetting>();
    const settingOf = async (build: BuildHistoryEntity) => {
      const key = `${build.pipelineId}:${build.version}`;
      if (!settings.has(key)) settings.set(key, (await this.pipelines.getVersion(build.projectId, build.pipelineId, build.version)).setting);
      return settings.get(key) as PipelineSetting;
    };
    for (const build of await this.builds.queuedSince(new Date(now.getTime() - MIN_WAIT_MS), BATCH)) {
      try {
        if (now.getTime() - build.queueTime.getTime() <= queueTimeoutMs(await settingOf(build))) continue;
        const options = { ttlMs: BUILD_RUN_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS };
        if (await this.locks.withLock(buildRunLockKey(build.buildId), () => this.expire(build.buildId, now), options)) expired.push(build.buildId);
      } catch (error) {
        // One build that cannot be handled (its pipeline deleted, its lock busy) must not hold up the others.
        this.logger.warn(`queue monitor: build ${build.buildId}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (expired.length > 0) this.logger.log(`queue timeout: ${expired.join(', ')}`);
    return expired;
  }

  private async expire(buildId: string, now: Date): Promise<boolean> {
    const build: BuildHistoryEntity | null = await this.builds.buildById(buildId);
    // Started or ended since it was listed.
    if (!build || build.status !== 'QUEUE') return false;
    const { model, setting } = await this.pipelines.getVersion(build.projectId, build.pipelineId, build.version);
    const buildNoType = (model.stages[0].containers[0] as TriggerContainer).buildNo?.buildNoType;
    return this.outbox.transaction(async ({ manager, emit }) => {
      if (!(await this.builds.swapBuildStatus(build.buildId, 'QUEUE', 'QUEUE_TIMEOUT', { endTime: now, ...QUEUE_TIMEOUT_ERROR }, manager))) return false;
      await this.builds.endUnfinished(build.buildId, 'QUEUE_TIMEOUT', now, manager);
      emitBuildStatus(emit, build, 'FINISHED', 'QUEUE_TIMEOUT', now);
      await handOverSlots(this.builds, { manager, emit }, build, setting, buildNoType);
      return true;
    });
  }
}
