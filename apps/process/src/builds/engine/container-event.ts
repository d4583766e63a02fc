import { BUILD_CONTAINER, emitEvent } from '@bkci/contracts';
import { OutboxTransaction } from '@bkci/messaging';
import { BuildStatus } from '@bkci/pipeline-model';
import { BuildContainerEntity } from '../entities/build-container.entity';

/** Wakes the engine on a job: REFRESH to walk its steps again, or TERMINATE to end it now with `terminate.status`. */
export function emitContainerEvent(tx: Pick<OutboxTransaction, 'emit'>, job: BuildContainerEntity, actionType: 'REFRESH' | 'TERMINATE', terminate?: { status: BuildStatus; reason: string }): void {
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
