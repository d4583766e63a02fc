import { Backoff } from './backoff';
import { AgentConfig } from './config';
import { HostFacts } from './host-identity';
import { AgentHttpClient, CallResult, problem } from './http-client';
import { JobFactory, JobPool } from './job-pool';
import { AgentLog } from './log';
import { sleep } from './sleep';
import { AGENT_VERSION } from './version';

/** The protocol's timing (ISSUE13 plan): the server marks an agent offline 10 s after its last heartbeat. */
export interface AgentTiming {
  heartbeatIntervalMs: number;
  /** How long the server may hold an ask open (the protocol allows 1..60). */
  askWaitSeconds: number;
  /** Added to the ask's wait for the client timeout, so the server's "no work" answer arrives first. */
  askTimeoutMarginMs: number;
  callTimeoutMs: number;
  /** After a 401/403 (or another 4xx): retrying sooner would not change the answer. */
  refusedRetryMs: number;
  /** While the server is unreachable: the first retry's delay, doubled up to retryMaxMs. */
  retryInitialMs: number;
  retryMaxMs: number;
  shutdownTimeoutMs: number;
}

export const AGENT_TIMING: AgentTiming = {
  heartbeatIntervalMs: 5_000,
  askWaitSeconds: 30,
  askTimeoutMarginMs: 5_000,
  callTimeoutMs: 10_000,
  refusedRetryMs: 30_000,
  retryInitialMs: 1_000,
  retryMaxMs: 30_000,
  shutdownTimeoutMs: 2_000,
};

/** BK-CI's default until the server's heartbeat answer says otherwise (the server's value wins). */
const DEFAULT_PARALLEL_TASK_COUNT = 4;

interface HeartbeatResponse {
  AgentStatus?: unknown;
  ParallelTaskCount?: unknown;
}

interface AskResponse {
  status?: unknown;
  work?: unknown;
}

/**
 * The agent's life: startup until the server accepts it, then the heartbeat loop and the ask loop
 * side by side until `signal` aborts, taking jobs from process when told there is work (and after
 * startup, and when a job ends). It never gives up on its own: an unreachable server is retried
 * with backoff, a refusal every 30 s. When `signal` aborts, running jobs stop their steps and end.
 */
export class Agent {
  private parallelTaskCount = DEFAULT_PARALLEL_TASK_COUNT;
  private lastStatus: unknown = null;
  private readonly jobs: JobPool;

  constructor(
    private readonly config: AgentConfig,
    private readonly host: HostFacts,
    private readonly client: Pick<AgentHttpClient, 'call' | 'callProcess'>,
    newJob: JobFactory,
    private readonly log: AgentLog,
    private readonly timing: AgentTiming = AGENT_TIMING,
  ) {
    this.jobs = new JobPool(client, newJob, log, timing, DEFAULT_PARALLEL_TASK_COUNT);
  }

  async run(signal: AbortSignal): Promise<void> {
    this.log('info', 'agent.starting', {
      version: AGENT_VERSION,
      gateway: this.config.gateway,
      projectId: this.config.projectId,
      agentId: this.config.agentId,
      host: this.host.identity,
      workDir: this.config.workDir,
    });
    if (!(await this.startup(signal))) return;
    this.jobs.take(signal);
    await Promise.all([this.heartbeatLoop(signal), this.askLoop(signal)]);
    await this.jobs.drain();
  }

  /** Best effort: tells the server this agent stops normally, giving up after shutdownTimeoutMs. */
  async shutdown(): Promise<void> {
    const result = await this.client.call<unknown>('POST', 'shutdown?shutdownNormal=true', {}, this.timing.shutdownTimeoutMs);
    if (result.outcome === 'ok') this.log('info', 'shutdown', { status: result.data });
    else this.log('warn', 'shutdown.failed', problem(result));
  }

  private async startup(signal: AbortSignal): Promise<boolean> {
    const backoff = new Backoff(this.timing.retryInitialMs, this.timing.retryMaxMs);
    const body = {
      hostname: this.host.hostname,
      hostIp: this.host.ip,
      detectOS: this.host.os,
      version: AGENT_VERSION,
      masterVersion: AGENT_VERSION,
      arch: this.host.arch,
    };
    while (!signal.aborted) {
      const result = await this.client.call<unknown>('POST', 'startup', body, this.timing.callTimeoutMs, signal);
      if (signal.aborted) break;
      if (result.outcome === 'ok') {
        this.lastStatus = result.data;
        this.log('info', 'startup', { status: result.data, hostname: this.host.hostname, ip: this.host.ip, os: this.host.os, arch: this.host.arch });
        return true;
      }
      const delayMs = this.retryDelay(result, backoff);
      this.log('warn', 'startup.failed', { ...problem(result), retryInMs: delayMs });
      await sleep(delayMs, signal);
    }
    return false;
  }

  private async heartbeatLoop(signal: AbortSignal): Promise<void> {
    // A failing heartbeat is logged when the way it fails changes, not every 5 s for as long as the server is down.
    let lastProblem: string | null = null;
    while (!signal.aborted) {
      const result = await this.client.call<HeartbeatResponse>('POST', 'agents/newHeartbeat', this.heartbeatInfo(), this.timing.callTimeoutMs, signal);
      if (signal.aborted) break;
      let delayMs = this.timing.heartbeatIntervalMs;
      if (result.outcome === 'ok') {
        if (lastProblem !== null) this.log('info', 'heartbeat.restored');
        lastProblem = null;
        this.takeHeartbeatAnswer(result.data, signal);
      } else {
        if (result.outcome !== 'unavailable') delayMs = this.timing.refusedRetryMs;
        const described = problem(result);
        const key = JSON.stringify(described);
        if (key !== lastProblem) this.log('warn', 'heartbeat.failed', { ...described, retryInMs: delayMs });
        lastProblem = key;
      }
      await sleep(delayMs, signal);
    }
  }

  /** The long poll: one ask held open by the server until work exists or the wait ends, then the next. */
  private async askLoop(signal: AbortSignal): Promise<void> {
    const backoff = new Backoff(this.timing.retryInitialMs, this.timing.retryMaxMs);
    const body = { askEnable: { build: 'ALL' }, waitSeconds: this.timing.askWaitSeconds };
    const timeoutMs = this.timing.askWaitSeconds * 1_000 + this.timing.askTimeoutMarginMs;
    while (!signal.aborted) {
      const result = await this.client.call<AskResponse | null>('POST', 'ask', body, timeoutMs, signal);
      if (signal.aborted) break;
      if (result.outcome === 'ok') {
        backoff.reset();
        if (result.data?.work === true) {
          this.log('info', 'work.ready', { status: result.data.status });
          this.jobs.take(signal);
        }
        continue;
      }
      const delayMs = this.retryDelay(result, backoff);
      this.log('warn', 'ask.failed', { ...problem(result), retryInMs: delayMs });
      await sleep(delayMs, signal);
    }
  }

  private retryDelay(result: Exclude<CallResult<unknown>, { outcome: 'ok' }>, backoff: Backoff): number {
    return result.outcome === 'unavailable' ? backoff.next() : this.timing.refusedRetryMs;
  }

  /** BK-CI's NewHeartbeatInfo; taskList names the jobs running. */
  private heartbeatInfo(): Record<string, unknown> {
    return {
      masterVersion: AGENT_VERSION,
      slaveVersion: AGENT_VERSION,
      hostName: this.host.hostname,
      agentIp: this.host.ip,
      parallelTaskCount: this.parallelTaskCount,
      agentInstallPath: this.config.installDir,
      startedUser: this.host.user,
      taskList: this.jobs.taskList(),
      props: { arch: this.host.arch, osVersion: this.host.osVersion },
    };
  }

  private takeHeartbeatAnswer(answer: HeartbeatResponse | null | undefined, signal: AbortSignal): void {
    const count = answer?.ParallelTaskCount;
    if (typeof count === 'number' && Number.isInteger(count) && count >= 0 && count !== this.parallelTaskCount) {
      const more = count === 0 || (this.parallelTaskCount !== 0 && count > this.parallelTaskCount);
      this.parallelTaskCount = count;
      this.jobs.setLimit(count);
      // More slots: work that waited for one may be queued now.
      if (more) this.jobs.take(signal);
    }
    const status = answer?.AgentStatus;
    if (status !== undefined && status !== this.lastStatus) {
      this.log('info', 'status.changed', { from: this.lastStatus, to: status });
      this.lastStatus = status;
    }
  }
}
