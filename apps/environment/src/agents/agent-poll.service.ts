import { BeforeApplicationShutdown, Injectable } from '@nestjs/common';
import { AgentIdentity } from '@bkci/auth';
import { AgentStatusName } from './agent-status';
import { AgentStateService } from './agent-state.service';

/** The answer to a long poll (BK-CI's ask, the part this issue delivers). */
export interface AskAnswer {
  status: AgentStatusName;
  /** Work was queued for the agent: it claims it from process next. */
  work: boolean;
}

/**
 * A wake that found no poll open is kept this long for the agent's next poll, so work queued between
 * two polls is not missed. Every replica keeps it, so a later poll elsewhere may be woken for work
 * already claimed: the agent then finds nothing to claim, which is harmless.
 */
const PENDING_WAKE_MS = 60_000;
/** Past this many kept wakes, the expired ones (agents that never polled again) are dropped. */
const MAX_PENDING_WAKES = 10_000;

interface Waiter {
  resolve: (work: boolean) => void;
}

/**
 * The long poll: an agent holds one request open (up to 60 s); it is answered `work: true` the
 * moment the work-ready event for it reaches this replica (AgentWorkReadyConsumer, broadcast so
 * every replica hears it), else `work: false` at its timeout. Open polls cost a timer and a map
 * entry each, nothing else.
 */
@Injectable()
export class AgentPollService implements BeforeApplicationShutdown {
  private readonly waiting = new Map<string, Set<Waiter>>();
  private readonly pendingWakes = new Map<string, number>();

  constructor(private readonly state: AgentStateService) {}

  async ask(identity: AgentIdentity, wantsBuilds: boolean, waitMs: number, cancelled: AbortSignal): Promise<AskAnswer> {
    const key = keyOf(identity.projectId, identity.agentId);
    const status = await this.state.status(identity);
    if (status === 'DELETE') return { status, work: false };
    // Only an imported agent that takes builds is woken; any other waits out the poll, so its loop does not spin.
    const wakeable = wantsBuilds && status === 'IMPORT_OK';
    if (wakeable && this.takePendingWake(key)) return { status, work: true };
    const work = await this.waitFor(key, wakeable, waitMs, cancelled);
    return { status: await this.state.status(identity), work };
  }

  /** Work is queued for the agent: its open polls on this replica are answered now. */
  wake(projectId: string, agentId: string): void {
    const key = keyOf(projectId, agentId);
    const waiters = this.waiting.get(key);
    if (!waiters || waiters.size === 0) {
      if (this.pendingWakes.size >= MAX_PENDING_WAKES) this.dropExpiredWakes();
      this.pendingWakes.set(key, Date.now() + PENDING_WAKE_MS);
      return;
    }
    for (const waiter of [...waiters]) waiter.resolve(true);
  }

  /** How many polls are held open on this replica. */
  openPolls(): number {
    let count = 0;
    for (const waiters of this.waiting.values()) count += waiters.size;
    return count;
  }

  /** The app stops: every open poll is answered "no work" now, so shutdown does not wait for them. */
  beforeApplicationShutdown(): void {
    for (const waiters of this.waiting.values()) for (const waiter of [...waiters]) waiter.resolve(false);
  }

  private waitFor(key: string, wakeable: boolean, waitMs: number, cancelled: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const waiters = this.waiting.get(key) ?? new Set<Waiter>();
      const waiter: Waiter = {
        resolve: (work) => {
          clearTimeout(timer);
          cancelled.removeEventListener('abort', onAbort);
          waiters.delete(waiter);
          if (waiters.size === 0 && this.waiting.get(key) === waiters) this.waiting.delete(key);
          resolve(work);
        },
      };
      const onAbort = () => waiter.resolve(false);
      const timer = setTimeout(() => waiter.resolve(false), waitMs);
      if (cancelled.aborted) return waiter.resolve(false);
      cancelled.addEventListener('abort', onAbort);
      if (!wakeable) return;
      waiters.add(waiter);
      this.waiting.set(key, waiters);
    });
  }

  private dropExpiredWakes(): void {
    const now = Date.now();
    for (const [key, until] of this.pendingWakes) if (until <= now) this.pendingWakes.delete(key);
  }

  private takePendingWake(key: string): boolean {
    const until = this.pendingWakes.get(key);
    if (until === undefined) return false;
    this.pendingWakes.delete(key);
    return until > Date.now();
  }
}

function keyOf(projectId: string, agentId: string): string {
  return `${projectId}/${agentId}`;
}
