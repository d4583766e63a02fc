import { BUILD_FINISH, BUILD_STAGE, emitEvent } from '@bkci/contracts';
import type { OutboxTransaction } from '@bkci/messaging';
import type { BuildStatus } from '@bkci/pipeline-model';
import type { BuildRepository } from '../build.repository';
import type { BuildHistoryEntity } from '../entities/build-history.entity';
import type { BuildStageEntity } from '../entities/build-stage.entity';
import { buildStatusOf } from './stage-status';

/**
 * After a stage took its final status (BK-CI UpdateStateForStageCmdFinally.nextOrFinish): the next
 * queued stage; after a failure, a cancel or a rejected check-in review (STAGE_SUCCESS) only the
 * finally stage; or, with none, the build's end.
 */
export async function moveOn(builds: BuildRepository, tx: OutboxTransaction, build: BuildHistoryEntity, stage: BuildStageEntity, status: BuildStatus): Promise<void> {
  const stages = (await builds.stages(build.buildId, tx.manager)).map((s) => (s.stageId === stage.stageId ? { ...s, status } : s));
  const toFinally = status === 'FAILED' || status === 'CANCELED' || status === 'STAGE_SUCCESS';
  const later = stages.filter((s) => s.seq > stage.seq && s.status === 'QUEUE');
  const next = toFinally ? later.find((s) => s.conditions.finally) : later[0];
  const ids = { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId };
  if (next) {
    emitEvent(tx.emit, BUILD_STAGE, { ...ids, stageId: next.stageId, actionType: 'START', executeCount: build.executeCount });
    return;
  }
  const finalStatus = buildStatusOf(stages.filter((s) => s.seq > 0).map((s) => s.status));
  emitEvent(tx.emit, BUILD_FINISH, { ...ids, status: finalStatus, errorType: null, errorCode: null, errorMsg: null });
}
