import { MutexGroup } from '@bkci/pipeline-model';
import { substituteVariables } from '../run-conditions';

/** BK-CI EngineConfigService's default cap on a mutex queue (MUTEX_MAX_QUEUE_DEFAULT). */
export const MUTEX_MAX_QUEUE = 50;
/** The longest name kept (the column's size); BK-CI's Redis keys have no limit. */
const MUTEX_NAME_MAX_LENGTH = 255;
/** BK-CI Timeout.MAX_MINUTES: seven days. */
export const MUTEX_MAX_TIMEOUT_MINUTES = 10_080;

/** A job's mutex group as a build runs it: the name with variables put in, the queue and timeout in range. */
export interface RuntimeMutex {
  name: string;
  queueEnable: boolean;
  /** How many jobs may wait; 0 = none. */
  queue: number;
  /** How long a job may wait, in minutes; 0 = not at all. */
  timeoutMinutes: number;
}

/**
 * BK-CI MutexControl.decorateMutexGroup: null when the job has no mutex to take (not enabled, or a
 * blank name once its variables are put in). `timeoutVar` wins over `timeout` when it reads as a
 * whole number (after its `${{ }}`/`${}` variables are put in); both are kept within 0..7 days,
 * the queue within 0..50.
 */
export function runtimeMutex(group: MutexGroup | null | undefined, variables: Record<string, string>): RuntimeMutex | null {
  if (!group?.enable) return null;
  const name = substituteVariables(group.mutexGroupName ?? '', variables).trim().slice(0, MUTEX_NAME_MAX_LENGTH);
  if (name === '') return null;
  return {
    name,
    queueEnable: group.queueEnable,
    queue: clamp(group.queue ?? 0, MUTEX_MAX_QUEUE),
    timeoutMinutes: clamp(timeoutOf(group, variables), MUTEX_MAX_TIMEOUT_MINUTES),
  };
}

function timeoutOf(group: MutexGroup, variables: Record<string, string>): number {
  const fallback = group.timeout ?? 0;
  const text = substituteVariables(group.timeoutVar ?? '', variables).trim();
  return /^[+-]?\d+$/.test(text) ? Number(text) : fallback;
}

function clamp(value: number, max: number): number {
  return Math.min(Math.max(Math.trunc(value), 0), max);
}

/** BK-CI checkMutexQueue: why a job that finds the mutex taken may not wait for it (`waiting` jobs wait already), or null when it may. */
export function mutexRefusal(mutex: RuntimeMutex, waiting: number): string | null {
  if (!mutex.queueEnable) return 'queue disabled';
  if (mutex.queue === 0 || waiting >= mutex.queue) return `queue full (${waiting} of ${mutex.queue} waiting)`;
  // BK-CI: a timeout of 0 means "do not wait, fail at once".
  if (mutex.timeoutMinutes === 0) return 'queue timeout [0 minutes]';
  return null;
}
