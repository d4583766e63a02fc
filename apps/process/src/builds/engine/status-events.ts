import { BUILD_STATUS_CHANGED, BuildStatusEventBase, emitEvent, JOB_STATUS_CHANGED, STAGE_STATUS_CHANGED, STEP_STATUS_CHANGED } from '@bkci/contracts';
import type { OutboxTransaction } from '@bkci/messaging';
import type { BuildStatus } from '@bkci/pipeline-model';
import type { BuildContainerEntity } from '../entities/build-container.entity';
import type { BuildHistoryEntity } from '../entities/build-history.entity';
import type { BuildTaskEntity } from '../entities/build-task.entity';

/*
 * The status events (BK-CI's PipelineBuildStatusBroadCastEvent family) for quality, notify and any
 * other listener. Each is emitted in the outbox transaction that makes the change it tells of.
 */

type Emit = OutboxTransaction['emit'];
type Phase = BuildStatusEventBase['phase'];

function base(build: BuildHistoryEntity, phase: Phase, status: BuildStatus, time: Date): BuildStatusEventBase {
  return { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId, executeCount: build.executeCount, phase, status, time: time.getTime() };
}

/** A build started running (STARTED, status RUNNING) or ended (FINISHED, its final status). */
export function emitBuildStatus(emit: Emit, build: BuildHistoryEntity, phase: Exclude<Phase, 'REVIEW_WAITING'>, status: BuildStatus, time: Date): void {
  emitEvent(emit, BUILD_STATUS_CHANGED, { ...base(build, phase, status, time), buildNum: build.buildNum, startUser: build.startUser });
}

/** A stage started, ended, or waits for its check-in review (REVIEW_WAITING, status REVIEWING). */
export function emitStageStatus(emit: Emit, build: BuildHistoryEntity, stageId: string, phase: Phase, status: BuildStatus, time: Date): void {
  emitEvent(emit, STAGE_STATUS_CHANGED, { ...base(build, phase, status, time), stageId });
}

/** A job started or ended. */
export function emitJobStatus(emit: Emit, build: BuildHistoryEntity, job: BuildContainerEntity, phase: Exclude<Phase, 'REVIEW_WAITING'>, status: BuildStatus, time: Date): void {
  emitEvent(emit, JOB_STATUS_CHANGED, {
    ...base(build, phase, status, time),
    stageId: job.stageId,
    containerId: job.containerId,
    containerHashId: job.containerHashId,
    jobId: job.jobId,
  });
}

/** A step started, ended, or (a manual review step) waits for its reviewer. */
export function emitStepStatus(emit: Emit, build: BuildHistoryEntity, step: BuildTaskEntity, phase: Phase, status: BuildStatus, time: Date): void {
  emitEvent(emit, STEP_STATUS_CHANGED, {
    ...base(build, phase, status, time),
    stageId: step.stageId,
    containerId: step.containerId,
    taskId: step.taskId,
    stepId: step.stepId,
    atomCode: step.atomCode,
  });
}
