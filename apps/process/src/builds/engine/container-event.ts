import { BUILD_CONTAINER, emitEvent } from '@bkci/contracts';
import { OutboxTransaction } from '@bkci/messaging';
import { BuildStatus } from '@bkci/pipeline-model';
import { BuildContainerEntity } from '../entities/build-container.entity';

/**
 * Wakes the engine on a job: REFRESH to walk its steps again, TERMINATE to end it now with
 * `terminate.status`, or START for a job a start check held (depend-on, mutex) that may go on now.
 * A START sent here carries no previous stage status: the job's run condition was decided on its
 * first START, and without one the finally stage's conditions let a job run (run-conditions.ts).
 */
export function emitContainerEvent(tx: Pick<OutboxTransaction, 'emit'>, job: BuildContainerEntity, actionType: 'START' | 'REFRESH' | 'TERMINATE', terminate?: { status: BuildStatus; reason: string }): void {
  emitEvent(tx.emit, BUILD_CONTAINER, {
    projectId: job.projectId,
    pipelineId: job.pipelineId,
    buildId: job.buildId,
    stageId: job.stageId,
    containerId: job.containerId,
    containerHashId: job.containerHashId,
    containerType: job.containerType,
    actionType,
    executeCount: job.executeCount,
    previousStageStatus: null,
    ...(terminate && { terminate }),
  });
}
