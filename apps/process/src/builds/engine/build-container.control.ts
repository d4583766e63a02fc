import { Injectable } from '@nestjs/common';
import { BUILD_CONTAINER, BUILD_STAGE, emitEvent, EventPayload } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { BuildStatus, isFinish, isReadyToRun, JobControlOption } from '@bkci/pipeline-model';
import { isMachineTask } from '../build-detail';
import { START_VM_TASK_ATOM, SHUTDOWN_VM_TASK_ATOM } from '../build-rows';
import { BuildRepository } from '../build.repository';
import { JobDispatcher } from '../dispatch/job-dispatcher';
import { DispatchRepository } from '../dispatch/dispatch.repository';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { BuildTaskEntity } from '../entities/build-task.entity';
import { CONTAINER_LOCK_TTL_MS, containerLockKey, ENGINE_LOCK_WAIT_MS } from './build-locks';
import { nextStep, stepSettled } from './next-step';
import { emitJobStatus, emitStepStatus } from './status-events';
import { jobSkipped } from './run-conditions';

type ContainerEvent = EventPayload<typeof BUILD_CONTAINER>;

/** Statuses a step is left in while a worker or the engine works on it: a terminated job ends them with its own status. */
const WORKING: ReadonlySet<BuildStatus> = new Set(['RUNNING', 'QUEUE_CACHE', 'CALL_WAITING', 'REVIEWING', 'PAUSE', 'LOOP_WAITING']);

/**
 * BK-CI ContainerControl, under the job's lock. START: a job its run condition rules out (or
 * without steps) is SKIP; any other starts and is walked. REFRESH (a step ended, a worker started):
 * the job is walked again. Walking (StartActionTaskContainerCmd) settles the steps that will not
 * run, then runs the next one — the engine's own (startVM dispatches to agents, stopVM frees the
 * agent) or a worker's (QUEUE_CACHE: the agent's next claim takes it) — or, with none left, ends
 * the job and refreshes its stage. TERMINATE (a timeout, a lost agent) ends the job at once with
 * the status it carries; the agent is told to kill what it runs.
 */
@Injectable()
export class BuildContainerControl {
  constructor(
    private readonly builds: BuildRepository,
    private readonly dispatches: DispatchRepository,
    private readonly dispatcher: JobDispatcher,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  async handle(event: ContainerEvent): Promise<void> {
    await this.locks.withLock(containerLockKey(event.buildId, event.containerId), () => this.apply(event), { ttlMs: CONTAINER_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS });
  }

  private async apply(event: ContainerEvent): Promise<void> {
    const build = await this.builds.buildById(event.buildId);
    const job = await this.builds.container(event.buildId, event.containerId);
    if (!build || !job || build.status !== 'RUNNING' || isFinish(job.status)) return;
    if (event.actionType === 'TERMINATE' && event.terminate) return this.terminate(build, job, event.terminate.status, event.terminate.reason);
    // A START seen again (its first handling failed midway and the bus retried it) walks the job it started.
    if (event.actionType === 'START' && isReadyToRun(job.status)) {
      if (await this.skipped(build, job, event)) return;
      const started = job.containerType === 'vmBuild' ? 'PREPARE_ENV' : 'RUNNING';
      const now = new Date();
      const won = await this.outbox.transaction(async ({ manager, emit }) => {
        if (!(await this.builds.swapContainerStatus(build.buildId, job.containerId, job.status, started, { startTime: now }, manager))) return false;
        emitJobStatus(emit, build, job, 'STARTED', 'RUNNING', now);
        return true;
      });
      if (!won) return;
    }
    if (event.actionType === 'START' || event.actionType === 'REFRESH') await this.walk(build, job.containerId);
  }

  /** CheckConditionalSkipContainerCmd: a job with no steps, disabled, or ruled out by its condition ends SKIP with its steps. */
  private async skipped(build: BuildHistoryEntity, job: BuildContainerEntity, event: ContainerEvent): Promise<boolean> {
    const stage = await this.builds.stage(build.buildId, job.stageId);
    const tasks = await this.builds.containerTasks(build.buildId, job.containerId);
    const option = (job.conditions as { jobControlOption?: JobControlOption | null }).jobControlOption;
    const variables = await this.builds.variables(build.buildId);
    const skip = (tasks.length === 0 && !job.matrixGroupFlag) || jobSkipped(option, variables, stage?.conditions.finally === true, event.previousStageStatus);
    if (!skip) return false;
    const now = new Date();
    await this.outbox.transaction(async (tx) => {
      const reason = tasks.length === 0 ? 'skipped: the job has no step to run' : 'skipped: its run condition is not met';
      if (!(await this.builds.swapContainerStatus(build.buildId, job.containerId, job.status, 'SKIP', { startTime: now, endTime: now, statusReason: reason }, tx.manager))) return;
      await this.builds.skipQueuedTasks(build.buildId, job.containerId, now, tx.manager);
      emitJobStatus(tx.emit, build, job, 'FINISHED', 'SKIP', now);
      this.refreshStage(tx, build, job);
    });
    return true;
  }

  /**
   * Settles what will not run and acts on the next step, again and again while the engine can
   * finish steps on its own (stopVM, the end marker of a job no worker holds); it stops at a step
   * someone else finishes (a worker, an agent to dispatch to) or at the job's end.
   */
  private async walk(build: BuildHistoryEntity, containerId: string): Promise<void> {
    for (;;) {
      const job = await this.builds.container(build.buildId, containerId);
      if (!job || isFinish(job.status)) return;
      const tasks = await this.builds.containerTasks(build.buildId, containerId);
      const { notRun, next } = nextStep(tasks, await this.builds.variables(build.buildId));
      const now = new Date();
      if (notRun.length > 0) {
        await this.outbox.transaction(async ({ manager, emit }) => {
          for (const skip of notRun) {
            if (await this.builds.swapTaskStatus(build.buildId, skip.task.taskId, skip.task.status, skip.status, { endTime: now, statusReason: skip.reason }, manager)) {
              emitStepStatus(emit, build, skip.task, 'FINISHED', skip.status, now);
            }
          }
        });
      }
      if (next.kind === 'wait') return;
      if (next.kind === 'finish') return this.finish(build, job, next.status, next.reason);
      const task = next.task;
      if (task.taskAtom === START_VM_TASK_ATOM) {
        if (await this.dispatcher.dispatch(build, job, task)) return;
        continue;
      }
      if (task.taskAtom === SHUTDOWN_VM_TASK_ATOM || (isEndMarker(task) && !(await this.workerHolds(build, job, tasks)))) {
        // The agent is let go (stopVM), or no worker is there to be told the job ended: the engine ends the step itself.
        await this.outbox.transaction(async ({ manager }) => {
          if (task.taskAtom === SHUTDOWN_VM_TASK_ATOM) await this.dispatches.finish(build.buildId, job.containerId, now, manager);
          await this.builds.swapTaskStatus(build.buildId, task.taskId, task.status, 'SUCCEED', { startTime: now, endTime: now, statusReason: null }, manager);
        });
        continue;
      }
      if (task.taskAtom !== '') {
        const reason = `the engine cannot run "${task.taskType}" steps yet`;
        await this.builds.swapTaskStatus(build.buildId, task.taskId, task.status, 'FAILED', { startTime: now, endTime: now, statusReason: reason, errorMsg: reason });
        continue;
      }
      // A worker's step (or the end marker of a job a worker holds): its next claim takes it.
      await this.builds.swapTaskStatus(build.buildId, task.taskId, task.status, 'QUEUE_CACHE', { statusReason: null });
      return;
    }
  }

  /** Whether a worker on an agent runs this job now (its startVM step succeeded and the agent has not let it go). */
  private async workerHolds(build: BuildHistoryEntity, job: BuildContainerEntity, tasks: BuildTaskEntity[]): Promise<boolean> {
    const startVM = tasks.find((task) => task.taskAtom === START_VM_TASK_ATOM);
    if (startVM?.status !== 'SUCCEED') return false;
    return (await this.dispatches.job(build.buildId, job.containerId))?.status === 'RUNNING';
  }

  /** UpdateStateContainerCmdFinally: the job takes its final status and its stage is refreshed. */
  private async finish(build: BuildHistoryEntity, job: BuildContainerEntity, status: BuildStatus, reason: string | null): Promise<void> {
    const now = new Date();
    await this.outbox.transaction(async (tx) => {
      if (!(await this.builds.swapContainerStatus(build.buildId, job.containerId, job.status, status, { endTime: now, statusReason: reason }, tx.manager))) return;
      await this.dispatches.finish(build.buildId, job.containerId, now, tx.manager);
      emitJobStatus(tx.emit, build, job, 'FINISHED', status, now);
      this.refreshStage(tx, build, job);
    });
  }

  /**
   * The job ends now with `status`: the steps in progress end with it, the others are not run. A
   * worker still running steps is told to kill them (its heartbeat answer) and, as the job is over,
   * its next claim is END. A job whose agent is lost, or that no agent took, lets its dispatch go.
   */
  private async terminate(build: BuildHistoryEntity, job: BuildContainerEntity, status: BuildStatus, reason: string): Promise<void> {
    const tasks = await this.builds.containerTasks(build.buildId, job.containerId);
    const now = new Date();
    await this.outbox.transaction(async (tx) => {
      if (!(await this.builds.swapContainerStatus(build.buildId, job.containerId, job.status, status, { endTime: now, statusReason: reason }, tx.manager))) return;
      const killed: string[] = [];
      for (const task of tasks.filter((t) => !stepSettled(t.status))) {
        const working = WORKING.has(task.status);
        if (working && task.status === 'RUNNING' && task.taskAtom === '') killed.push(task.taskId);
        const change = working ? { endTime: now, statusReason: reason, errorMsg: reason } : { endTime: now, statusReason: `not run: the job ended ${status}` };
        const ended = working ? status : 'UNEXEC';
        if ((await this.builds.swapTaskStatus(build.buildId, task.taskId, task.status, ended, change, tx.manager)) && !isMachineTask(task.taskId)) emitStepStatus(tx.emit, build, task, 'FINISHED', ended, now);
      }
      const dispatch = await this.dispatches.job(build.buildId, job.containerId, tx.manager);
      if (dispatch?.status === 'QUEUE' || status === 'HEARTBEAT_TIMEOUT') await this.dispatches.finish(build.buildId, job.containerId, now, tx.manager);
      else await this.dispatches.requestCancel(build.buildId, job.containerId, killed, tx.manager);
      emitJobStatus(tx.emit, build, job, 'FINISHED', status, now);
      this.refreshStage(tx, build, job);
    });
  }

  private refreshStage(tx: OutboxTransaction, build: BuildHistoryEntity, job: BuildContainerEntity): void {
    emitEvent(tx.emit, BUILD_STAGE, { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId, stageId: job.stageId, actionType: 'REFRESH', executeCount: build.executeCount });
  }
}

/** The `end-{seq}` step BK-CI adds after a VM job's steps: the worker's claim answers END on it. */
export function isEndMarker(task: BuildTaskEntity): boolean {
  return task.taskAtom === '' && task.taskId.startsWith('end-');
}
