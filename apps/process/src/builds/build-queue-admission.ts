import { Injectable } from '@nestjs/common';
import { BUILD_CANCEL, emitEvent } from '@bkci/contracts';
import { OutboxTransaction } from '@bkci/messaging';
import { BUILD_STATUSES, isFinish, isRunning, PipelineSetting } from '@bkci/pipeline-model';
import { BuildError, BuildErrorCode } from './build.errors';
import { BuildRepository } from './build.repository';

/** BK-CI's default queue size (PIPELINE_SETTING_MAX_QUEUE_SIZE_DEFAULT). */
export const DEFAULT_MAX_QUEUE_SIZE = 10;
const RUNNING_STATUSES = BUILD_STATUSES.filter(isRunning);
const UNFINISHED_STATUSES = BUILD_STATUSES.filter((status) => !isFinish(status));

export interface AdmissionRequest {
  projectId: string;
  pipelineId: string;
  userId: string;
  setting: PipelineSetting;
  /** The new build's resolved group (GROUP_LOCK only). */
  concurrencyGroup: string | null;
}

/**
 * BK-CI QueueInterceptor, run in the new build's start transaction before its rows are written:
 * - SINGLE, SINGLE_LOCK, and GROUP_LOCK without cancel-in-progress: a queue of size 0 refuses the
 *   start while a build runs or waits (2101049); a full queue makes room by cancelling its oldest
 *   build (of the group, for GROUP_LOCK), and the new build joins the queue;
 * - GROUP_LOCK with cancel-in-progress: every unfinished build of the group is cancelled, and the
 *   new build takes its place;
 * - MULTIPLE: its running cap is applied when the build starts (BuildStartControl).
 * The cancels go through the cancel path (BUILD_CANCEL events, sent once this transaction commits).
 */
@Injectable()
export class BuildQueueAdmission {
  constructor(private readonly builds: BuildRepository) {}

  async admit(tx: Pick<OutboxTransaction, 'manager' | 'emit'>, request: AdmissionRequest): Promise<void> {
    const { setting, concurrencyGroup } = request;
    if (setting.runLockType === 'GROUP_LOCK' && concurrencyGroup !== null && setting.concurrencyCancelInProgress) {
      const unfinished = await this.builds.groupBuilds(request.projectId, concurrencyGroup, UNFINISHED_STATUSES, tx.manager);
      for (const build of unfinished) emitEvent(tx.emit, BUILD_CANCEL, { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId, userId: request.userId });
      return;
    }
    if (setting.runLockType !== 'SINGLE' && setting.runLockType !== 'SINGLE_LOCK' && setting.runLockType !== 'GROUP_LOCK') return;
    const maxQueueSize = setting.maxQueueSize ?? DEFAULT_MAX_QUEUE_SIZE;
    const queued = await this.builds.queuedCount(request.projectId, request.pipelineId, tx.manager);
    if (maxQueueSize === 0) {
      const running = await this.builds.runningCount(request.projectId, request.pipelineId, RUNNING_STATUSES, tx.manager);
      if (running > 0 || queued > 0) throw new BuildError(BuildErrorCode.QUEUE_FULL, 'Pipeline start failed: [Pipeline: pipeline queue is full]');
      return;
    }
    if (queued < maxQueueSize) return;
    const [oldest] =
      concurrencyGroup === null
        ? await this.builds.oldestQueued(request.projectId, request.pipelineId, 1, tx.manager)
        : (await this.builds.groupBuilds(request.projectId, concurrencyGroup, ['QUEUE'], tx.manager)).filter((build) => build.pipelineId === request.pipelineId);
    if (oldest) emitEvent(tx.emit, BUILD_CANCEL, { projectId: oldest.projectId, pipelineId: oldest.pipelineId, buildId: oldest.buildId, userId: request.userId });
  }
}
