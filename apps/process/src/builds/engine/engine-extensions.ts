import type { EventPayload, BUILD_CONTAINER } from '@bkci/contracts';
import type { BuildContainerEntity } from '../entities/build-container.entity';
import type { BuildHistoryEntity } from '../entities/build-history.entity';
import type { BuildTaskEntity } from '../entities/build-task.entity';

/*
 * The places where BuildContainerControl's chain (BK-CI ContainerControl's commands) is extended:
 * each feature adds one class and lists it in builds.module.ts, the control itself does not change.
 */

/**
 * A check a job passes before it starts (BK-CI CheckDependOnContainerCmd, CheckMutexContainerCmd,
 * InitializeMatrixGroupStageCmd, …), in the order listed. 'hold' stops the chain: the check has
 * left the job waiting (status and statusReason set by it, startTime still null) or ended it, and
 * is responsible for sending the job a START again when it may go on.
 */
export interface JobStartCheck {
  check(build: BuildHistoryEntity, job: BuildContainerEntity, event: EventPayload<typeof BUILD_CONTAINER>): Promise<'go' | 'hold'>;
}

/** The job start checks, in order (a multi-provider list: see builds.module.ts). */
export const JOB_START_CHECKS = Symbol('JOB_START_CHECKS');

/**
 * Runs a step the engine runs itself (a non-empty `taskAtom`: manual review, sub-pipeline, …)
 * when the walk reaches it. 'continue': the step is settled (its status written), walk on;
 * 'wait': the step is in progress (REVIEWING, CALL_WAITING, …) and whoever ends it sends the job a REFRESH.
 */
export interface EngineAtomRunner {
  readonly atom: string;
  start(build: BuildHistoryEntity, job: BuildContainerEntity, task: BuildTaskEntity): Promise<'continue' | 'wait'>;
}

/** The engine atom runners (a multi-provider list: see builds.module.ts). */
export const ENGINE_ATOM_RUNNERS = Symbol('ENGINE_ATOM_RUNNERS');

/** The longest statusReason a step or job row holds; a runner's reason (a reviewer list, an error) is cut to fit. */
const STATUS_REASON_LENGTH = 512;

export function fitReason(reason: string): string {
  return reason.length <= STATUS_REASON_LENGTH ? reason : `${reason.slice(0, STATUS_REASON_LENGTH - 1)}…`;
}
