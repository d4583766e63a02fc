import { Inject, Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { LocalAgentCredentials } from '@bkci/contracts';
import { LockService } from '@bkci/locking';
import { OutboxService } from '@bkci/messaging';
import { NodeRepository } from '../nodes/node.repository';
import { AGENT_STATUS, AgentOs } from './agent-status';
import { newSecret, secretHash } from './agent-secrets';
import { AgentStateService } from './agent-state.service';
import { AGENTS_CONFIG, AgentsConfig } from './agents.config';
import { ThirdPartyAgentRepository } from './third-party-agent.repository';

/** The reserved project the local agent belongs to; it is shared with every project. */
const LOCAL_AGENT_PROJECT = '_shared';
const LOCAL_AGENT_USER = 'system';

/**
 * The standalone launcher's local agent: made and imported once (the default pool of a new
 * installation), handed a fresh secret on every boot with its host binding cleared, since the
 * launcher starts it on this very machine.
 */
@Injectable()
export class LocalAgentService {
  constructor(
    private readonly agents: ThirdPartyAgentRepository,
    private readonly nodes: NodeRepository,
    private readonly state: AgentStateService,
    private readonly outbox: OutboxService,
    private readonly locks: LockService,
    @Inject(AGENTS_CONFIG.token) private readonly config: AgentsConfig,
  ) {}

  credentials(): Promise<LocalAgentCredentials> {
    return this.locks.withLock('environment:local-agent', () => this.outbox.transaction(async (tx) => {
      const secret = newSecret();
      const existing = (await this.agents.listLive(LOCAL_AGENT_PROJECT, tx.manager)).find((agent) => agent.nodeId !== null && agent.sharedWithAll);
      if (existing) {
        await this.agents.update(existing.id, { secretHash: secretHash(secret), boundHost: null }, tx.manager);
        this.state.revokeCredentials(tx, existing);
        return { gateway: this.config.publicUrl, projectId: LOCAL_AGENT_PROJECT, agentId: existing.agentId ?? '', secretKey: secret };
      }
      const now = new Date();
      const host = hostname();
      const node = await this.nodes.insertThirdPartyNode(
        { projectId: LOCAL_AGENT_PROJECT, nodeIp: '127.0.0.1', nodeName: host, osName: process.platform, osType: localOs(), agentVersion: '', createdUser: LOCAL_AGENT_USER, nodeStatus: 'ABNORMAL' },
        tx.manager,
      );
      const agent = await this.agents.insert(
        {
          projectId: LOCAL_AGENT_PROJECT,
          nodeId: node.nodeId,
          // Imported from the start, offline until it starts up: its first startup brings it online.
          status: AGENT_STATUS.IMPORT_EXCEPTION,
          os: localOs(),
          detectOs: process.platform,
          hostname: host,
          ip: '127.0.0.1',
          secretHash: secretHash(secret),
          agentType: 'BUILD',
          sharedWithAll: true,
          createdUser: LOCAL_AGENT_USER,
          createdTime: now,
        },
        tx.manager,
      );
      return { gateway: this.config.publicUrl, projectId: LOCAL_AGENT_PROJECT, agentId: agent.agentId ?? '', secretKey: secret };
    }), { waitMs: 10_000 });
  }
}

function localOs(): AgentOs {
  if (process.platform === 'darwin') return 'MACOS';
  return process.platform === 'win32' ? 'WINDOWS' : 'LINUX';
}
