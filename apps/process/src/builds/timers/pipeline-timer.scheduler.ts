import { Injectable, Logger } from '@nestjs/common';
import { LockService } from '@bkci/locking';
import { BuildStartService } from '../build-start.service';
import { PipelineTimerEntity } from './pipeline-timer.entity';
import { PipelineTimerRepository } from './pipeline-timer.repository';
import { nextFireOf } from './pipeline-timers';

/** How many due timers one pass fires. */
const BATCH = 200;
/** BK-CI PipelineTimerTriggerLock's expiry. */
const FIRE_LOCK_TTL_MS = 30_000;

/** BK-CI PipelineTimerTriggerLock: one scheduler handles one fire time of a pipeline. */
export function timerFireLockKey(pipelineId: string, fireTime: Date): string {
  return `process:pipeline:timer:trigger:${pipelineId}:${fireTime.getTime()}`;
}

/**
 * BK-CI's Quartz job and PipelineTimerBuildListener: a due timer starts one build of its pipeline
 * (TIME_TRIGGER, as the timer's user, with its start values). Several schedulers may find the same
 * timer due: the fire-time lock lets one of them on, and the compare-and-set of the next fire time
 * settles it for good, so a fire time starts one build. A missed fire time (no scheduler ran) fires
 * once when one runs again, then the timer goes on from now, as Quartz's misfire policy.
 */
@Injectable()
export class PipelineTimerScheduler {
  private readonly logger = new Logger(PipelineTimerScheduler.name);

  constructor(
    private readonly timers: PipelineTimerRepository,
    private readonly starts: BuildStartService,
    private readonly locks: LockService,
  ) {}

  /** Fires the timers due at `now`; answers the ids of the builds started. */
  async fireDue(now: Date): Promise<string[]> {
    const started: string[] = [];
    for (const timer of await this.timers.due(now, BATCH)) {
      const buildId = await this.fire(timer, now);
      if (buildId) started.push(buildId);
    }
    return started;
  }

  private async fire(timer: PipelineTimerEntity, now: Date): Promise<string | null> {
    const fireTime = timer.nextFireTime as Date;
    const lock = await this.locks.tryAcquire(timerFireLockKey(timer.pipelineId, fireTime), { ttlMs: FIRE_LOCK_TTL_MS });
    if (!lock) return null;
    try {
      if (!(await this.timers.swapNextFireTime(timer.pipelineId, timer.taskId, fireTime, nextFireOf(timer.crontabExpressions, now)))) return null;
      const build = await this.starts.timerStart(timer.projectId, timer.pipelineId, timer.startUser, timer.taskId, timer.startParams);
      return build.id;
    } catch (error) {
      // As BK-CI's listener: a timer that cannot start a build (pipeline gone, queue full, …) is logged, and fires again next time.
      this.logger.warn(`timer ${timer.pipelineId}/${timer.taskId} at ${fireTime.toISOString()} started no build: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    } finally {
      await lock.release();
    }
  }
}
