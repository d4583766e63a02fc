import { Controller } from '@nestjs/common';
import { BUILD_STATUS_CHANGED, JOB_STATUS_CHANGED, OnEvent, TopicEvent } from '@bkci/contracts';
import { DependOnCheck } from './depend-on.check';
import { JobMutexControl } from './job-mutex.control';

/** The ends of jobs and builds, for the start checks: mutexes move on, jobs that depend on an ended job look again. */
@Controller()
export class JobEndsConsumer {
  constructor(
    private readonly dependOn: DependOnCheck,
    private readonly mutexes: JobMutexControl,
  ) {}

  @OnEvent(JOB_STATUS_CHANGED, { queue: 'job-start-checks' })
  async jobEnded(event: TopicEvent<typeof JOB_STATUS_CHANGED>): Promise<void> {
    if (event.payload.phase !== 'FINISHED') return;
    await this.mutexes.release(event.payload.buildId, event.payload.containerId);
    await this.dependOn.wakeDependents(event.payload);
  }

  /** A cancelled build's jobs end without a job event of their own. */
  @OnEvent(BUILD_STATUS_CHANGED, { queue: 'job-start-checks' })
  async buildEnded(event: TopicEvent<typeof BUILD_STATUS_CHANGED>): Promise<void> {
    if (event.payload.phase === 'FINISHED') await this.mutexes.release(event.payload.buildId);
  }
}
