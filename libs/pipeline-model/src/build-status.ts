/**
 * BK-CI's build runtime enums (`common-pipeline` enums/BuildStatus, StartType, BuildTaskStatus and
 * `common-event` ActionType). They sit beside the Model's enums because both the engine (`process`)
 * and the agent speak them. Statuses are stored and sent by name; `ordinal` is Kotlin's ordinal,
 * which BK-CI's tables store, kept so a status read from BK-CI's data can be mapped.
 */

export const BUILD_STATUSES = [
  'SUCCEED',
  'FAILED',
  'CANCELED',
  'RUNNING',
  'TERMINATE',
  'REVIEWING',
  'REVIEW_ABORT',
  'REVIEW_PROCESSED',
  'HEARTBEAT_TIMEOUT',
  'PREPARE_ENV',
  'UNEXEC',
  'SKIP',
  'QUALITY_CHECK_FAIL',
  'QUEUE',
  'LOOP_WAITING',
  'CALL_WAITING',
  'TRY_FINALLY',
  'QUEUE_TIMEOUT',
  'EXEC_TIMEOUT',
  'QUEUE_CACHE',
  'RETRY',
  'PAUSE',
  'STAGE_SUCCESS',
  'QUOTA_FAILED',
  'DEPENDENT_WAITING',
  'QUALITY_CHECK_PASS',
  'QUALITY_CHECK_WAIT',
  'TRIGGER_REVIEWING',
  'UNKNOWN',
] as const;
export type BuildStatus = (typeof BUILD_STATUSES)[number];

/** Statuses BK-CI never shows in its console. */
const INVISIBLE: ReadonlySet<BuildStatus> = new Set(['UNEXEC', 'TRY_FINALLY', 'UNKNOWN']);

/** Kotlin's ordinal: the position in BK-CI's declaration (UNKNOWN is 28; BK-CI's "99" is only a comment). */
export function buildStatusOrdinal(status: BuildStatus): number {
  return BUILD_STATUSES.indexOf(status);
}

/** BK-CI's `statusName`: the lower-camel form of the value (`REVIEW_ABORT` → `reviewAbort`). */
export function buildStatusName(status: BuildStatus): string {
  return status.toLowerCase().replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
}

export function isBuildStatusVisible(status: BuildStatus): boolean {
  return !INVISIBLE.has(status);
}

/** BK-CI `BuildStatus.parse`: a name it does not know (or none) is UNKNOWN. */
export function parseBuildStatus(name: string | null | undefined): BuildStatus {
  return (BUILD_STATUSES as readonly string[]).includes(name ?? '') ? (name as BuildStatus) : 'UNKNOWN';
}

export function isNeverRun(status: BuildStatus): boolean {
  return status === 'UNEXEC' || status === 'TRIGGER_REVIEWING';
}

export function isFinish(status: BuildStatus): boolean {
  return isFailure(status) || isSuccess(status) || isCancel(status);
}

export function isFailure(status: BuildStatus): boolean {
  return status === 'FAILED' || isPassiveStop(status) || isTimeout(status) || status === 'QUOTA_FAILED';
}

export function isSuccess(status: BuildStatus): boolean {
  return status === 'SUCCEED' || status === 'SKIP' || status === 'REVIEW_PROCESSED' || status === 'QUALITY_CHECK_PASS';
}

export function isCancel(status: BuildStatus): boolean {
  return status === 'CANCELED';
}

export function isRunning(status: BuildStatus): boolean {
  return (
    status === 'RUNNING' ||
    status === 'LOOP_WAITING' ||
    status === 'REVIEWING' ||
    status === 'PREPARE_ENV' ||
    status === 'CALL_WAITING' ||
    status === 'PAUSE'
  );
}

export function isReadyToRun(status: BuildStatus): boolean {
  return status === 'QUEUE' || status === 'QUEUE_CACHE' || status === 'RETRY' || status === 'DEPENDENT_WAITING';
}

export function isPassiveStop(status: BuildStatus): boolean {
  return status === 'TERMINATE' || status === 'REVIEW_ABORT' || status === 'QUALITY_CHECK_FAIL';
}

export function isTimeout(status: BuildStatus): boolean {
  return status === 'QUEUE_TIMEOUT' || status === 'EXEC_TIMEOUT' || status === 'HEARTBEAT_TIMEOUT';
}

export function isReview(status: BuildStatus): boolean {
  return status === 'REVIEW_ABORT' || status === 'REVIEW_PROCESSED';
}

/** What an engine event asks of the stage, job or step it names (BK-CI `ActionType`). */
export const ACTION_TYPES = ['RETRY', 'START', 'REFRESH', 'END', 'SKIP', 'TERMINATE', 'ARCHIVE'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export function isStartAction(action: ActionType): boolean {
  return action === 'START' || action === 'RETRY';
}

export function isStartOrRefreshAction(action: ActionType): boolean {
  return isStartAction(action) || action === 'REFRESH';
}

export function isEndAction(action: ActionType): boolean {
  return action === 'END' || action === 'TERMINATE';
}

/** How a build was started (BK-CI `StartType`). */
export const START_TYPES = ['MANUAL', 'TIME_TRIGGER', 'WEB_HOOK', 'SERVICE', 'PIPELINE', 'REMOTE', 'TRIGGER_EVENT'] as const;
export type StartType = (typeof START_TYPES)[number];

/** BK-CI `StartType.toStartType`: case-insensitive, and MANUAL for a name it does not know. */
export function toStartType(name: string): StartType {
  return START_TYPES.find((type) => type === name.toUpperCase()) ?? 'MANUAL';
}

/** The answer to a worker's claim (BK-CI `BuildTaskStatus`): wait and ask again, run this task, or the job is over. */
export const BUILD_TASK_STATUSES = ['WAIT', 'END', 'DO'] as const;
export type BuildTaskStatus = (typeof BUILD_TASK_STATUSES)[number];
