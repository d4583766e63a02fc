import { BuildStatus, isCancel, isFailure } from '@bkci/pipeline-model';

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

/** A build's final status from its stages': the first failure or cancel wins (a finally stage cannot undo it). */
export function buildStatusOf(stages: BuildStatus[]): BuildStatus {
  if (stages.some(isFailure)) return 'FAILED';
  if (stages.some(isCancel)) return 'CANCELED';
  return 'SUCCEED';
}
