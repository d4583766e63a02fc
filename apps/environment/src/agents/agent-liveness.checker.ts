import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { LockService } from '@bkci/locking';
import { AGENT_STATUS } from './agent-status';
import { AgentStateService } from './agent-state.service';
import { AGENTS_CONFIG, AgentsConfig } from './agents.config';
import { ThirdPartyAgentRepository } from './third-party-agent.repository';

const LOCK_KEY = 'environment:agent-liveness';

/**
 * BK-CI's ThirdPartyAgentHeartBeatJob, faster: every `livenessIntervalMs` (2 s), agents silent for
 * `offlineAfterMs` (10 s) go offline (AgentStateService.goneSilent). One replica checks at a time
 * (the lock); the others skip that round.
 */
@Injectable()
export class AgentLivenessChecker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(AgentLivenessChecker.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /** Heartbeats sent while this app was down were lost, not skipped: nobody is judged silent for that time. */
  private readonly startedAt = Date.now();

  constructor(
    private readonly agents: ThirdPartyAgentRepository,
    private readonly state: AgentStateService,
    private readonly locks: LockService,
    @Inject(AGENTS_CONFIG.token) private readonly config: AgentsConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      if (!this.running) this.running = this.checkOnce().finally(() => (this.running = null));
    }, this.config.livenessIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One round; skipped when another replica holds the lock, or while this one has not been up for `offlineAfterMs`. */
  async checkOnce(): Promise<void> {
    if (Date.now() - this.startedAt < this.config.offlineAfterMs) return;
    const lock = await this.locks.tryAcquire(LOCK_KEY, { ttlMs: Math.max(10_000, this.config.livenessIntervalMs * 5) }).catch((error: unknown) => {
      this.logger.warn(`Agent liveness check skipped, the lock store failed: ${String(error)}`);
      return null;
    });
    if (!lock) return;
    try {
      const silentBefore = new Date(Date.now() - this.config.offlineAfterMs);
      for (const status of [AGENT_STATUS.IMPORT_OK, AGENT_STATUS.UN_IMPORT_OK]) {
        for (const agent of await this.agents.silentSince(status, silentBefore)) {
          if (lock.lost) return;
          await this.state.goneSilent(agent, silentBefore);
        }
      }
    } catch (error) {
      this.logger.warn(`Agent liveness check failed; retrying next round: ${String(error)}`);
    } finally {
      await lock.release();
    }
  }
}
