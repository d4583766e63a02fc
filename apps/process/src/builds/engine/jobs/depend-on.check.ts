import { Injectable } from '@nestjs/common';
import { BUILD_STAGE, emitEvent, EventPayload, JOB_STATUS_CHANGED } from '@bkci/contracts';
import { OutboxService } from '@bkci/messaging';
import { JobControlOption } from '@bkci/pipeline-model';
import { BuildRepository } from '../../build.repository';
import { BuildContainerEntity } from '../../entities/build-container.entity';
import { BuildHistoryEntity } from '../../entities/build-history.entity';
import { emitContainerEvent } from '../container-event';
import { JobStartCheck } from '../engine-extensions';
import { emitJobStatus } from '../status-events';
import { Dependency, dependOnDecision, dependOnJobIds } from './depend-on';

const optionOf = (job: BuildContainerEntity) => (job.conditions as { jobControlOption?: JobControlOption | null }).jobControlOption;

/**
 * BK-CI CheckDependOnContainerCmd: a job that depends on other jobs of its stage (by job id)
 * waits for them (DEPENDENT_WAITING, naming them) and starts once all succeeded; one failed,
 * cancelled or skipped ends it SKIP with its steps. A job that ends wakes the jobs that depend on it.
 * Jobs inside a matrix are not checked (BK-CI: their group is).
 */
@Injectable()
export class DependOnCheck implements JobStartCheck {
  constructor(
    private readonly builds: BuildRepository,
    private readonly outbox: OutboxService,
  ) {}

  async check(build: BuildHistoryEntity, job: BuildContainerEntity): Promise<'go' | 'hold'> {
    const option = optionOf(job);
    if (job.matrixGroupId || !option?.dependOnType) return 'go';
    const jobIds = dependOnJobIds(option, await this.builds.variables(build.buildId));
    if (jobIds.length === 0) return 'go';
    const decision = dependOnDecision(await this.dependencies(job, jobIds));
    if (decision.kind === 'go') return 'go';
    if (decision.kind === 'wait') {
      const reason = `waiting for ${decision.waitingFor.length === 1 ? 'job' : 'jobs'} ${decision.waitingFor.join(', ')} it depends on`;
      if (job.status !== 'DEPENDENT_WAITING' || job.statusReason !== reason) await this.builds.swapContainerStatus(build.buildId, job.containerId, job.status, 'DEPENDENT_WAITING', { statusReason: reason });
      return 'hold';
    }
    const now = new Date();
    await this.outbox.transaction(async (tx) => {
      if (!(await this.builds.swapContainerStatus(build.buildId, job.containerId, job.status, 'SKIP', { startTime: now, endTime: now, statusReason: decision.reason }, tx.manager))) return;
      await this.builds.skipQueuedTasks(build.buildId, job.containerId, now, tx.manager);
      emitJobStatus(tx.emit, build, job, 'FINISHED', 'SKIP', now);
      emitEvent(tx.emit, BUILD_STAGE, { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId, stageId: job.stageId, actionType: 'REFRESH', executeCount: build.executeCount });
    });
    return 'hold';
  }

  /**
   * A job ended: the jobs of its stage not started yet that depend on it get a START, so they look
   * again. Queued ones too: one may be deciding to wait while this job ends.
   */
  async wakeDependents(ended: EventPayload<typeof JOB_STATUS_CHANGED>): Promise<void> {
    if (ended.jobId === null) return;
    const build = await this.builds.buildById(ended.buildId);
    if (build?.status !== 'RUNNING') return;
    const variables = await this.builds.variables(build.buildId);
    const waiting = (await this.builds.stageContainers(build.buildId, ended.stageId)).filter(
      (job) => job.startTime === null && (job.status === 'QUEUE' || job.status === 'DEPENDENT_WAITING') && dependOnJobIds(optionOf(job), variables).includes(ended.jobId ?? ''),
    );
    if (waiting.length === 0) return;
    await this.outbox.transaction(async (tx) => waiting.forEach((job) => emitContainerEvent(tx, job, 'START')));
  }

  /** The jobs of the stage it depends on, in the order it names them; ids no job of the stage has are not waited for (BK-CI initDependOn). */
  private async dependencies(job: BuildContainerEntity, jobIds: string[]): Promise<Dependency[]> {
    const stageJobs = (await this.builds.stageContainers(job.buildId, job.stageId)).filter((other) => other.containerId !== job.containerId);
    return jobIds.flatMap((jobId) => stageJobs.filter((other) => other.jobId === jobId).map((other) => ({ jobId, status: other.status })));
  }
}
