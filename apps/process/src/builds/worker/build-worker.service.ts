import { Injectable } from '@nestjs/common';
import { BuildIdentity } from '@bkci/auth';
import { BuildTask, BuildVariables, HeartBeatInfo, StepErrorCode } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import { BuildStatus, isFinish, JobControlOption, NameAndValue } from '@bkci/pipeline-model';
import { START_VM_TASK_ATOM } from '../build-rows';
import { BuildRepository } from '../build.repository';
import { BuildError, BuildErrorCode } from '../build.errors';
import { DispatchRepository } from '../dispatch/dispatch.repository';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { BuildDispatchEntity } from '../entities/build-dispatch.entity';
import { BuildTaskEntity } from '../entities/build-task.entity';
import { CONTAINER_LOCK_TTL_MS, containerLockKey, ENGINE_LOCK_WAIT_MS } from '../engine/build-locks';
import { isEndMarker } from '../engine/build-container.control';
import { emitContainerEvent } from '../engine/container-event';
import { optionsOf } from '../engine/next-step';
import { buildEnded } from '../engine/stage-status';
import { emitStepStatus } from '../engine/status-events';
import { BuildTaskResultDto } from './dto/worker.dto';

/** BK-CI's default job timeout (minutes) when the job sets none. */
const DEFAULT_JOB_TIMEOUT_MINUTES = 900;
/** What a build variable holds at most (BK-CI T_PIPELINE_BUILD_VAR.VALUE). */
const MAX_VARIABLE_LENGTH = 4000;

/** The job a worker call is about: its build (from the token) and its container seq id (BK-CI's X-DEVOPS-VM-SID). */
export interface WorkerJob {
  build: BuildIdentity;
  vmSeqId: string;
}

/**
 * BK-CI EngineVMBuildService behind the worker protocol (`/build/worker/*`), every call under the
 * job's lock as the engine's own: `started` ends the startVM step, `claim` hands out the step the
 * engine readied, `complete` and `end` record a step's end and wake the engine (REFRESH).
 */
@Injectable()
export class BuildWorkerService {
  constructor(
    private readonly builds: BuildRepository,
    private readonly dispatches: DispatchRepository,
    private readonly locks: LockService,
    private readonly outbox: OutboxService,
  ) {}

  started(job: WorkerJob): Promise<BuildVariables> {
    return this.underJobLock(job, async (dispatch, container) => {
      const startVM = (await this.builds.containerTasks(job.build.buildId, job.vmSeqId)).find((task) => task.taskAtom === START_VM_TASK_ATOM);
      const now = new Date();
      if (startVM?.status === 'CALL_WAITING' && !isFinish(container.status)) {
        await this.outbox.transaction(async (tx) => {
          await this.builds.swapTaskStatus(job.build.buildId, startVM.taskId, 'CALL_WAITING', 'SUCCEED', { endTime: now, statusReason: `started on agent ${dispatch.agentId}` }, tx.manager);
          await this.builds.swapContainerStatus(job.build.buildId, job.vmSeqId, container.status, 'RUNNING', { statusReason: `running on agent ${dispatch.agentId}` }, tx.manager);
          emitContainerEvent(tx, container, 'REFRESH');
        });
      }
      const config = container.conditions as { jobControlOption?: JobControlOption | null; customEnv?: NameAndValue[] | null };
      const variables = await this.builds.variables(job.build.buildId);
      for (const { key, value } of config.customEnv ?? []) if (key) variables[key] = value ?? '';
      const minutes = config.jobControlOption?.timeout && config.jobControlOption.timeout > 0 ? config.jobControlOption.timeout : DEFAULT_JOB_TIMEOUT_MINUTES;
      return {
        buildId: job.build.buildId,
        vmSeqId: job.vmSeqId,
        vmName: dispatch.agentId ?? '',
        projectId: job.build.projectId,
        pipelineId: job.build.pipelineId,
        variables,
        buildEnvs: [],
        containerId: job.vmSeqId,
        containerHashId: container.containerHashId,
        jobId: container.jobId,
        variablesWithType: [],
        timeoutMills: minutes * 60_000,
        containerType: container.containerType,
      };
    });
  }

  /** BK-CI claimBuildTask: END once the job is over, WAIT while the engine has nothing ready, else DO with the step. */
  claim(job: WorkerJob): Promise<BuildTask> {
    return this.underJobLock(job, async (_dispatch, container, build) => {
      const answer = (status: BuildTask['status'], task?: BuildTaskEntity, variables?: Record<string, string>): BuildTask => ({
        buildId: job.build.buildId,
        vmSeqId: job.vmSeqId,
        status,
        executeCount: build.executeCount,
        taskId: task?.taskId ?? null,
        elementId: task?.taskId ?? null,
        stepId: task?.stepId ?? null,
        elementName: task?.taskName ?? null,
        elementVersion: task ? String((task.taskParams as { version?: unknown }).version ?? '1.*') : null,
        type: task?.taskType ?? null,
        params: task ? paramsOf(task) : null,
        buildVariable: variables ?? null,
        containerType: container.containerType,
      });
      if (buildEnded(build) || isFinish(container.status)) return answer('END');
      const tasks = await this.builds.containerTasks(job.build.buildId, job.vmSeqId);
      const task = tasks.find((t) => t.status === 'QUEUE_CACHE' || t.status === 'RUNNING');
      if (!task || task.taskAtom !== '') return answer('WAIT');
      if (isEndMarker(task)) return answer('END');
      if (task.status === 'QUEUE_CACHE') {
        // A claim whose answer was lost is asked again: the step it started is handed out again, not a new one.
        const now = new Date();
        const taken = await this.outbox.transaction(async ({ manager, emit }) => {
          if (!(await this.builds.swapTaskStatus(job.build.buildId, task.taskId, 'QUEUE_CACHE', 'RUNNING', { startTime: now }, manager))) return false;
          emitStepStatus(emit, build, task, 'STARTED', 'RUNNING', now);
          return true;
        });
        if (!taken) return answer('WAIT');
      }
      return answer('DO', task, await this.builds.variables(job.build.buildId));
    });
  }

  /** BK-CI completeClaimBuildTask: the step's status, its outputs as variables, and the engine woken. */
  complete(job: WorkerJob, result: BuildTaskResultDto): Promise<boolean> {
    return this.underJobLock(job, async (dispatch, container, build) => {
      const task = await this.builds.task(job.build.buildId, result.taskId);
      if (!task || task.containerId !== job.vmSeqId) throw new BuildError(BuildErrorCode.TASK_NOT_CLAIMED, `Job ${job.vmSeqId} has no step ${result.taskId}`);
      // A step the job's end already settled (cancel, timeout) or a repeated completion: nothing more to record.
      if (task.status !== 'RUNNING') return true;
      const { status, change } = stepOutcome(task, result, dispatch);
      const now = new Date();
      await this.outbox.transaction(async (tx) => {
        if (!(await this.builds.swapTaskStatus(job.build.buildId, task.taskId, 'RUNNING', status, { ...change, endTime: status === 'RETRY' ? null : now }, tx.manager))) return;
        if (status !== 'RETRY') emitStepStatus(tx.emit, build, task, 'FINISHED', status, now);
        for (const [key, value] of Object.entries(result.buildResult ?? {})) {
          await this.builds.saveVar(
            { buildId: job.build.buildId, projectId: job.build.projectId, pipelineId: job.build.pipelineId, key, value: String(value).slice(0, MAX_VARIABLE_LENGTH), varType: null, readOnly: false },
            tx.manager,
          );
        }
        emitContainerEvent(tx, container, 'REFRESH');
      });
      return true;
    });
  }

  /** BK-CI endTask: the worker saw END; the job's end marker is done. */
  end(job: WorkerJob): Promise<boolean> {
    return this.underJobLock(job, async (_dispatch, container) => {
      const marker = (await this.builds.containerTasks(job.build.buildId, job.vmSeqId)).find((task) => isEndMarker(task) && task.status === 'QUEUE_CACHE');
      if (!marker) return true;
      const now = new Date();
      await this.outbox.transaction(async (tx) => {
        if (!(await this.builds.swapTaskStatus(job.build.buildId, marker.taskId, 'QUEUE_CACHE', 'SUCCEED', { startTime: now, endTime: now }, tx.manager))) return;
        emitContainerEvent(tx, container, 'REFRESH');
      });
      return true;
    });
  }

  /** BK-CI heartbeat v1: recorded, and answered with the steps to kill. Not under the lock: it must get through while a long step is recorded. */
  async heartbeat(job: WorkerJob): Promise<HeartBeatInfo> {
    const dispatch = await this.ownDispatch(job);
    await this.dispatches.heartbeat(job.build.buildId, job.vmSeqId, new Date());
    return { projectId: job.build.projectId, buildId: job.build.buildId, vmSeqId: job.vmSeqId, cancelTaskIds: dispatch.cancelTaskIds };
  }

  private underJobLock<T>(job: WorkerJob, work: (dispatch: BuildDispatchEntity, container: BuildContainerEntity, build: NonNullable<Awaited<ReturnType<BuildRepository['buildById']>>>) => Promise<T>): Promise<T> {
    return this.locks.withLock(
      containerLockKey(job.build.buildId, job.vmSeqId),
      async () => {
        const dispatch = await this.ownDispatch(job);
        const build = await this.builds.buildById(job.build.buildId);
        const container = await this.builds.container(job.build.buildId, job.vmSeqId);
        if (!build || !container) throw new BuildError(BuildErrorCode.JOB_NOT_ON_AGENT, `Build ${job.build.buildId} has no job ${job.vmSeqId}`);
        return work(dispatch, container, build);
      },
      { ttlMs: CONTAINER_LOCK_TTL_MS, waitMs: ENGINE_LOCK_WAIT_MS },
    );
  }

  /** The job as handed to an agent; a job no agent runs has no worker to answer. */
  private async ownDispatch(job: WorkerJob): Promise<BuildDispatchEntity> {
    const dispatch = await this.dispatches.job(job.build.buildId, job.vmSeqId);
    if (!dispatch || dispatch.projectId !== job.build.projectId || dispatch.status === 'QUEUE') {
      throw new BuildError(BuildErrorCode.JOB_NOT_ON_AGENT, `Job ${job.vmSeqId} of build ${job.build.buildId} is not running on an agent`);
    }
    return dispatch;
  }

}

/** BK-CI's status of a completed step: CANCELED when it was to be killed, SUCCEED, RETRY while retries remain, EXEC_TIMEOUT, or FAILED. */
function stepOutcome(task: BuildTaskEntity, result: BuildTaskResultDto, dispatch: BuildDispatchEntity): { status: BuildStatus; change: { statusReason: string | null; retryCount?: number; errorType?: string | null; errorCode?: number | null; errorMsg?: string | null } } {
  const message = result.message ?? '';
  if (dispatch.cancelTaskIds.includes(task.taskId)) return { status: 'CANCELED', change: { statusReason: 'cancelled: the step was killed', errorMsg: message || null } };
  if (result.success) return { status: 'SUCCEED', change: { statusReason: null } };
  const errors = { errorType: result.errorType ?? 'USER', errorCode: result.errorCode ?? null, errorMsg: message || null };
  const options = optionsOf(task);
  const retries = options.retryWhenFailed ? Math.max(options.retryCount ?? 1, 0) : 0;
  if (task.retryCount < retries) {
    return { status: 'RETRY', change: { ...errors, retryCount: task.retryCount + 1, statusReason: `retry ${task.retryCount + 1} of ${retries} after: ${message || 'the step failed'}` } };
  }
  if (result.errorCode === StepErrorCode.TIMEOUT) return { status: 'EXEC_TIMEOUT', change: { ...errors, statusReason: message || 'the step timed out' } };
  return { status: 'FAILED', change: { ...errors, statusReason: message || 'the step failed' } };
}

/** BK-CI's claim params: the element's fields, a string as it is and anything else as JSON text. */
function paramsOf(task: BuildTaskEntity): Record<string, string> {
  return Object.fromEntries(Object.entries(task.taskParams).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
}
