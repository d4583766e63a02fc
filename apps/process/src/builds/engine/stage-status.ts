import { BuildStatus, isCancel, isFailure, isFinish } from '@bkci/pipeline-model';

/**
 * A finished stage's status from its jobs' (BK-CI UpdateStateForStageCmdFinally, simplified to
 * what the engine runs today): a failed job fails it, else a cancelled one cancels it, a stage
 * whose every job was skipped is SKIP, otherwise it SUCCEEDs.
 */
export function stageStatusOf(jobs: BuildStatus[]): BuildStatus {
  if (jobs.some(isFailure)) return 'FAILED';
  if (jobs.some(isCancel)) return 'CANCELED';
  if (jobs.every((status) => status === 'SKIP')) return 'SKIP';
  return 'SUCCEED';
}

/**
 * A build's final status from its stages': a failure or a cancel wins (a finally stage cannot undo
 * it), then a rejected check-in review (BK-CI: the build ends STAGE_SUCCESS, the finally stage inheriting it).
 */
export function buildStatusOf(stages: BuildStatus[]): BuildStatus {
  if (stages.some(isFailure)) return 'FAILED';
  if (stages.some(isCancel)) return 'CANCELED';
  if (stages.includes('STAGE_SUCCESS')) return 'STAGE_SUCCESS';
  return 'SUCCEED';
}

/**
 * Whether a build has ended (BK-CI BuildInfo.isFinish): a final status, or STAGE_SUCCESS with an end
 * time — without one, STAGE_SUCCESS is a build waiting for a stage's check-in review.
 */
export function buildEnded(build: { status: BuildStatus; endTime: Date | null }): boolean {
  return isFinish(build.status) || (build.status === 'STAGE_SUCCESS' && build.endTime !== null);
}
