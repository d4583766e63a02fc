/** BK-CI's engine lock keys (process `engine/control/lock`), with their TTLs. */
export const BUILD_RUN_LOCK_TTL_MS = 30_000;
export const STAGE_LOCK_TTL_MS = 60_000;
/** How long a consumer waits for a busy lock before its event is retried by the bus. */
export const ENGINE_LOCK_WAIT_MS = 10_000;

/** BuildIdLock: one start, finish or cancel of a build at a time. */
export function buildRunLockKey(buildId: string): string {
  return `lock:build:${buildId}:run`;
}

/** StageIdLock. */
export function stageLockKey(buildId: string, stageId: string): string {
  return `lock:build:${buildId}:stage:${stageId}`;
}

/** PipelineBuildStartLock: one build of a pipeline at a time decides whether it may start (the running cap). */
export function pipelineStartLockKey(pipelineId: string): string {
  return `lock:pipeline:${pipelineId}:build:start`;
}

export const CONTAINER_LOCK_TTL_MS = 60_000;

/** ContainerIdLock. */
export function containerLockKey(buildId: string, containerId: string): string {
  return `lock:build:${buildId}:container:${containerId}`;
}

/** ConcurrencyGroupLock: one build of a project's concurrency group at a time decides whether it may start. */
export function concurrencyGroupLockKey(projectId: string, group: string): string {
  return `lock:build:concurrency:project:${projectId}:group:${group}`;
}
