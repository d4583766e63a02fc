import { Backoff } from './backoff';
import { CallResult, HttpMethod, problem } from './http-client';
import { BuildTask, BuildTaskResult, BuildVariables, HeartBeatInfo, JobApi, ThirdPartyBuildInfo, WorkerOp } from './job-api';
import { AgentLog } from './log';
import { LOG_SHIPPER_TIMING, LogShipper, LogShipperTiming } from './log-shipper';
import { MaskList } from './mask';
import { sleep } from './sleep';
import { KILL_GRACE_MS } from './step-runner';
import { TaskRun } from './task-runner';
import { pipelineWorkDir } from './workspace';

export interface JobTiming {
  /** The server ends a job whose last heartbeat is 30 s old. */
  heartbeatIntervalMs: number;
  /** While claim answers WAIT: 20 ms, doubled up to 500 ms (BK-CI's loopPickup). */
  claimWaitInitialMs: number;
  claimWaitMaxMs: number;
  /** Each call of the job (the JobApi's timeout). */
  callTimeoutMs: number;
  /** A call that finds the server unavailable is retried with backoff, and given up after retryGiveUpMs. */
  retryInitialMs: number;
  retryMaxMs: number;
  retryGiveUpMs: number;
  killGraceMs: number;
  log: LogShipperTiming;
}

export const JOB_TIMING: JobTiming = {
  heartbeatIntervalMs: 2_000,
  claimWaitInitialMs: 20,
  claimWaitMaxMs: 500,
  callTimeoutMs: 30_000,
  retryInitialMs: 500,
  retryMaxMs: 5_000,
  retryGiveUpMs: 60_000,
  killGraceMs: KILL_GRACE_MS,
  log: LOG_SHIPPER_TIMING,
};

/** What workerBuildFinish reports. */
export interface JobOutcome {
  success: boolean;
  message: string;
}

/** A job on the heartbeat's taskList (BK-CI's ThirdPartyTaskInfo). */
export interface RunningJobInfo {
  projectId: string;
  buildId: string;
  vmSeqId: string;
  workspace: string;
}

/**
 * One job taken from process, run in the agent's process: BK-CI's worker protocol (`started`, then
 * `claim` until END, each DO task run and `complete`d, then `end`), a heartbeat every 2 s whose
 * cancelTaskIds kill the running task, the job's log lines batched to log. An unavailable server
 * is retried; a refusal ends the job (its outcome says why).
 */
export class JobRunner {
  private readonly masks = new MaskList();
  private readonly credentials = new Map<string, Promise<CallResult<Record<string, string>>>>();
  /** Task ids the server asked to cancel: one not yet started when asked is not started at all. */
  private readonly cancelled = new Set<string>();
  private current: TaskRun | null = null;
  readonly info: RunningJobInfo;

  constructor(
    private readonly build: ThirdPartyBuildInfo,
    private readonly api: JobApi,
    private readonly workDir: string,
    private readonly log: AgentLog,
    private readonly timing: JobTiming = JOB_TIMING,
  ) {
    this.info = { projectId: build.projectId, buildId: build.buildId, vmSeqId: build.vmSeqId, workspace: '' };
  }

  async run(signal: AbortSignal): Promise<JobOutcome> {
    let workspaceDir: string;
    try {
      workspaceDir = pipelineWorkDir(this.workDir, this.build.pipelineId);
    } catch (error) {
      return this.outcome(false, (error as Error).message);
    }
    this.info.workspace = workspaceDir;
    const started = await this.worker<BuildVariables>('PUT', 'started', undefined, signal);
    if (started.outcome !== 'ok') return this.outcome(false, `started: ${describe(started)}`);

    const stopHeartbeat = new AbortController();
    const heartbeat = this.heartbeatLoop(AbortSignal.any([signal, stopHeartbeat.signal]));
    const shipper = new LogShipper((messages, batchId, sendSignal) => this.api.printLogs(messages, batchId, sendSignal), this.masks, this.log, signal, this.timing.log);
    const abortCurrent = (): void => this.current?.cancel();
    signal.addEventListener('abort', abortCurrent);
    try {
      return await this.taskLoop(started.data ?? ({} as BuildVariables), workspaceDir, shipper, signal);
    } finally {
      signal.removeEventListener('abort', abortCurrent);
      stopHeartbeat.abort();
      await heartbeat;
      await shipper.flush();
    }
  }

  private async taskLoop(variables: BuildVariables, workspaceDir: string, shipper: LogShipper, signal: AbortSignal): Promise<JobOutcome> {
    const wait = new Backoff(this.timing.claimWaitInitialMs, this.timing.claimWaitMaxMs);
    while (!signal.aborted) {
      const claim = await this.worker<BuildTask>('GET', 'claim', undefined, signal);
      if (claim.outcome !== 'ok') return this.outcome(false, `claim: ${describe(claim)}`);
      const task = claim.data;
      if (task?.status === 'END') {
        const end = await this.worker<boolean>('POST', 'end', { message: '' }, signal);
        return end.outcome === 'ok' ? this.outcome(true, '') : this.outcome(false, `end: ${describe(end)}`);
      }
      if (task?.status !== 'DO') {
        await sleep(wait.next(), signal);
        continue;
      }
      wait.reset();
      const result = await this.runTask(task, variables, workspaceDir, shipper, signal);
      // Stopping: the step was killed; workerBuildFinish tells process, once, that the job ended.
      if (signal.aborted) break;
      // The step's lines are in log before the engine hears it ended (BK-CI's worker ends a task's log first too).
      await shipper.flush();
      const complete = await this.worker<boolean>('POST', 'complete', result, signal);
      if (complete.outcome !== 'ok') return this.outcome(false, `complete: ${describe(complete)}`);
    }
    return this.outcome(false, 'the agent is stopping');
  }

  private async runTask(task: BuildTask, variables: BuildVariables, workspaceDir: string, shipper: LogShipper, signal: AbortSignal): Promise<BuildTaskResult> {
    const jobId = variables.jobId ?? this.build.jobId ?? '';
    const containerHashId = variables.containerHashId ?? this.build.containerHashId;
    const executeCount = task.executeCount ?? this.api.executeCount;
    const run = new TaskRun(task, {
      build: this.build,
      variables,
      workspaceDir,
      executeCount,
      masks: this.masks,
      credential: (credentialId) => this.credential(credentialId, signal),
      print: (message) => shipper.add({ ...message, timestamp: Date.now(), jobId, containerHashId, executeCount }),
      killGraceMs: this.timing.killGraceMs,
    });
    if (this.cancelled.has(run.taskId)) run.cancel();
    this.current = run;
    this.log('info', 'job.task', { buildId: this.build.buildId, vmSeqId: this.build.vmSeqId, taskId: run.taskId, type: task.type });
    try {
      return await run.run();
    } finally {
      this.current = null;
    }
  }

  /** Read once per job per id; every value goes on the job's mask list. A failed read is tried again by the next step that needs it. */
  private credential(credentialId: string, signal: AbortSignal): Promise<CallResult<Record<string, string>>> {
    let read = this.credentials.get(credentialId);
    if (!read) {
      read = this.retrying((callSignal) => this.api.credential(credentialId, callSignal), signal).then((result) => {
        if (result.outcome !== 'ok') {
          this.credentials.delete(credentialId);
          return result;
        }
        for (const value of Object.values(result.data ?? {})) if (typeof value === 'string') this.masks.add(value);
        return result;
      });
      this.credentials.set(credentialId, read);
    }
    return read;
  }

  private async heartbeatLoop(signal: AbortSignal): Promise<void> {
    let failing = false;
    while (!signal.aborted) {
      await sleep(this.timing.heartbeatIntervalMs, signal);
      if (signal.aborted) break;
      const result = await this.api.worker<HeartBeatInfo>('POST', 'heartbeat/v1', {}, 0, signal);
      if (signal.aborted) break;
      if (result.outcome !== 'ok') {
        if (!failing) this.log('warn', 'job.heartbeat.failed', { buildId: this.build.buildId, vmSeqId: this.build.vmSeqId, ...problem(result) });
        failing = true;
        continue;
      }
      failing = false;
      for (const taskId of result.data?.cancelTaskIds ?? []) {
        this.cancelled.add(taskId);
        if (this.current?.taskId === taskId) {
          this.log('info', 'job.task.cancel', { buildId: this.build.buildId, vmSeqId: this.build.vmSeqId, taskId });
          this.current.cancel();
        }
      }
    }
  }

  private worker<T>(method: HttpMethod, op: WorkerOp, body: unknown, signal: AbortSignal): Promise<CallResult<T>> {
    return this.retrying((callSignal, retryCount) => this.api.worker<T>(method, op, body, retryCount, callSignal), signal);
  }

  private async retrying<T>(call: (signal: AbortSignal, retryCount: number) => Promise<CallResult<T>>, signal: AbortSignal): Promise<CallResult<T>> {
    const backoff = new Backoff(this.timing.retryInitialMs, this.timing.retryMaxMs);
    const started = Date.now();
    for (let retryCount = 0; ; retryCount++) {
      const result = await call(signal, retryCount);
      if (result.outcome !== 'unavailable' || signal.aborted || Date.now() - started >= this.timing.retryGiveUpMs) return result;
      await sleep(backoff.next(), signal);
    }
  }

  private outcome(success: boolean, message: string): JobOutcome {
    this.log(success ? 'info' : 'warn', 'job.ended', { buildId: this.build.buildId, vmSeqId: this.build.vmSeqId, success, message });
    return { success, message };
  }
}

function describe(result: Exclude<CallResult<unknown>, { outcome: 'ok' }>): string {
  return result.outcome === 'unavailable' ? `unavailable (${result.reason})` : `${result.outcome} (HTTP ${result.httpStatus}, ${String(result.code)}: ${result.message})`;
}
