import { BuildStatus, ElementAdditionalOptions, isCancel, isFailure, isFinish, isTimeout, NameAndValue } from '@bkci/pipeline-model';
import { BuildTaskEntity } from '../entities/build-task.entity';
import { conditionHolds } from './run-conditions';

/** A step the walk decided not to run, with the status it ends in and why (the build detail shows it). */
export interface NotRun {
  task: BuildTaskEntity;
  status: Extract<BuildStatus, 'SKIP' | 'UNEXEC'>;
  reason: string;
}

/** What the job does next: wait for a step in progress, run one, or end with a status. */
export type NextStep = { kind: 'wait'; task: BuildTaskEntity } | { kind: 'run'; task: BuildTaskEntity } | { kind: 'finish'; status: BuildStatus; reason: string | null };

/** Statuses in which a step is someone's to finish: a worker's, an agent dispatch's, a reviewer's. */
const IN_PROGRESS: ReadonlySet<BuildStatus> = new Set(['RUNNING', 'QUEUE_CACHE', 'CALL_WAITING', 'REVIEWING', 'PAUSE', 'LOOP_WAITING']);

/**
 * BK-CI StartActionTaskContainerCmd.findNeedToRunTask, as a pure function of the job's steps in
 * order: finished steps are passed (the first failure without continue-on-error marks the job as
 * failing), a step in progress makes the job wait, and the first ready step (QUEUE, or RETRY after a
 * failure) either runs or is decided away by its run condition — UNEXEC when a step before it
 * failed, SKIP when its own condition rules it out — and the walk goes on. With nothing left the
 * job finishes: with its first failure's status, or SUCCEED.
 */
export function nextStep(tasks: BuildTaskEntity[], variables: Record<string, string>): { notRun: NotRun[]; next: NextStep } {
  const notRun: NotRun[] = [];
  let failure: BuildTaskEntity | null = null;
  for (const task of tasks) {
    if (stepSettled(task.status)) {
      if (!failure && (isFailure(task.status) || isCancel(task.status)) && !optionsOf(task).continueWhenFailed) failure = task;
      continue;
    }
    if (IN_PROGRESS.has(task.status)) return { notRun, next: { kind: 'wait', task } };
    const decision = decide(task, failure, variables);
    if (decision === null) return { notRun, next: { kind: 'run', task } };
    notRun.push({ task, ...decision });
  }
  if (!failure) return { notRun, next: { kind: 'finish', status: 'SUCCEED', reason: null } };
  return { notRun, next: { kind: 'finish', status: failure.status, reason: `step "${failure.taskName}" ended ${failure.status}` } };
}

/** null: the step runs. Otherwise how it ends without running. */
function decide(task: BuildTaskEntity, failure: BuildTaskEntity | null, variables: Record<string, string>): Omit<NotRun, 'task'> | null {
  const options = optionsOf(task);
  const failed = failure !== null;
  const cancelled = failure !== null && isCancel(failure.status);
  const afterFailure = { status: 'UNEXEC' as const, reason: failed ? `not run: step "${failure.taskName}" ended ${failure.status}` : '' };
  switch (options.runCondition ?? 'PRE_TASK_SUCCESS') {
    case 'PRE_TASK_FAILED_EVEN_CANCEL':
    case 'PARENT_TASK_FINISH':
      return null;
    case 'PRE_TASK_FAILED_BUT_CANCEL':
      return cancelled ? afterFailure : null;
    case 'PRE_TASK_FAILED_ONLY':
      return failed ? (cancelled ? afterFailure : null) : { status: 'SKIP', reason: 'skipped: runs only when a step before it failed' };
    case 'PARENT_TASK_CANCELED_OR_TIMEOUT':
      return failure && (isCancel(failure.status) || isTimeout(failure.status)) ? null : { status: 'SKIP', reason: 'skipped: runs only after a cancel or a timeout' };
    case 'CUSTOM_VARIABLE_MATCH':
      if (failed) return afterFailure;
      return allMatch(options.customVariables ?? [], variables) ? null : { status: 'SKIP', reason: 'skipped: its variables do not match' };
    case 'CUSTOM_VARIABLE_MATCH_NOT_RUN':
      if (failed) return afterFailure;
      return allMatch(options.customVariables ?? [], variables) ? { status: 'SKIP', reason: 'skipped: its variables match' } : null;
    case 'CUSTOM_CONDITION_MATCH':
      if (failed) return afterFailure;
      return conditionHolds(options.customCondition ?? '', variables) ? null : { status: 'SKIP', reason: `skipped: condition "${options.customCondition ?? ''}" is false` };
    default:
      return failed ? afterFailure : null;
  }
}

/** A step that will not change any more: finished, or decided not to run (UNEXEC, which BK-CI's isFinish leaves out). */
export function stepSettled(status: BuildStatus): boolean {
  return isFinish(status) || status === 'UNEXEC';
}

type StepOptions = Partial<ElementAdditionalOptions> & { customVariables?: NameAndValue[] | null; customCondition?: string | null };

export function optionsOf(task: BuildTaskEntity): StepOptions {
  return (task.additionalOptions ?? {}) as StepOptions;
}

function allMatch(conditions: NameAndValue[], variables: Record<string, string>): boolean {
  return conditions.every(({ key, value }) => variables[key ?? ''] === value);
}
