import { Backoff } from './backoff';
import { AgentHttpClient, problem } from './http-client';
import { ThirdPartyBuildInfo } from './job-api';
import { JobOutcome, RunningJobInfo } from './job-runner';
import { AgentLog } from './log';
import { sleep } from './sleep';

/** A job as the pool sees it (JobRunner in the agent; a stand-in in tests). */
export interface PoolJob {
  readonly info: RunningJobInfo;
  run(signal: AbortSignal): Promise<JobOutcome>;
}

export type JobFactory = (build: ThirdPartyBuildInfo) => PoolJob;

export interface JobPoolTiming {
  callTimeoutMs: number;
  retryInitialMs: number;
  retryMaxMs: number;
}

/**
 * The jobs this agent runs at once, at most parallelTaskCount (0 = no limit). `take` asks process
 * for jobs (startBuild) while a slot is free, until it answers null; each job runs concurrently in
 * this process and, once over, is reported with workerBuildFinish, and the pool asks again.
 */
export class JobPool {
  private readonly running = new Map<number, { info: RunningJobInfo; done: Promise<void> }>();
  private jobCount = 0;
  private limit: number;
  private taking: Promise<void> | null = null;
  /** Asked to take while already taking: once more when done, as work may have come meanwhile. */
  private takeAgain = false;

  constructor(
    private readonly client: Pick<AgentHttpClient, 'callProcess'>,
    private readonly newJob: JobFactory,
    private readonly log: AgentLog,
    private readonly timing: JobPoolTiming,
    initialLimit: number,
  ) {
    this.limit = initialLimit;
  }

  setLimit(parallelTaskCount: number): void {
    this.limit = parallelTaskCount;
  }

  /** BK-CI's heartbeat taskList. */
  taskList(): RunningJobInfo[] {
    return [...this.running.values()].map((job) => ({ ...job.info }));
  }

  /** Takes jobs now (startup, the long poll said work, a job ended); never throws, never waits for the jobs. */
  take(signal: AbortSignal): void {
    if (signal.aborted) return;
    if (this.taking !== null) {
      this.takeAgain = true;
      return;
    }
    this.takeAgain = false;
    this.taking = this.takeWhileFree(signal).finally(() => {
      this.taking = null;
      if (this.takeAgain) this.take(signal);
    });
  }

  /** Waits for the jobs running (after `signal` aborted they stop their steps and end). */
  async drain(): Promise<void> {
    while (this.taking !== null || this.running.size > 0) {
      await Promise.all([this.taking, ...[...this.running.values()].map((job) => job.done)]);
    }
  }

  private hasFreeSlot(): boolean {
    return this.limit === 0 || this.running.size < this.limit;
  }

  private async takeWhileFree(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.timing.retryInitialMs, this.timing.retryMaxMs);
    while (!signal.aborted && this.hasFreeSlot()) {
      const result = await this.client.callProcess<ThirdPartyBuildInfo | null>('GET', 'startBuild', undefined, this.timing.callTimeoutMs, signal);
      if (signal.aborted) return;
      if (result.outcome === 'ok') {
        if (!result.data) return;
        backoff.reset();
        this.start(result.data, signal);
        continue;
      }
      if (result.outcome !== 'unavailable') {
        this.log('warn', 'job.take.failed', problem(result));
        return;
      }
      const delayMs = backoff.next();
      this.log('warn', 'job.take.failed', { ...problem(result), retryInMs: delayMs });
      await sleep(delayMs, signal);
    }
  }

  private start(build: ThirdPartyBuildInfo, signal: AbortSignal): void {
    const id = ++this.jobCount;
    const job = this.newJob(build);
    this.log('info', 'job.taken', { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId, vmSeqId: build.vmSeqId, executeCount: build.executeCount ?? 1 });
    const done = job
      .run(signal)
      .catch((error: unknown): JobOutcome => ({ success: false, message: `the agent failed running the job: ${String(error)}` }))
      .then((outcome) => this.finish(build, job.info, outcome, signal))
      .finally(() => {
        this.running.delete(id);
        this.take(signal);
      });
    this.running.set(id, { info: job.info, done });
  }

  /** BK-CI's workerBuildFinish (ThirdPartyBuildWithStatus); retried while process is unavailable, tried once when the agent stops. */
  private async finish(build: ThirdPartyBuildInfo, info: RunningJobInfo, outcome: JobOutcome, signal: AbortSignal): Promise<void> {
    const body = {
      projectId: build.projectId,
      buildId: build.buildId,
      vmSeqId: build.vmSeqId,
      workspace: info.workspace,
      pipelineId: build.pipelineId,
      executeCount: build.executeCount ?? 1,
      containerHashId: build.containerHashId,
      success: outcome.success,
      message: outcome.message,
    };
    const backoff = new Backoff(this.timing.retryInitialMs, this.timing.retryMaxMs);
    for (;;) {
      const result = await this.client.callProcess<boolean>('POST', 'workerBuildFinish', body, this.timing.callTimeoutMs, signal.aborted ? undefined : signal);
      if (result.outcome === 'ok') return;
      this.log('warn', 'job.finish.failed', { buildId: build.buildId, vmSeqId: build.vmSeqId, ...problem(result) });
      if (result.outcome !== 'unavailable' || signal.aborted) return;
      await sleep(backoff.next(), signal);
    }
  }
}
