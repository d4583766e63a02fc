import { Inject, Injectable } from '@nestjs/common';
import { existsSync, readFileSync } from 'node:fs';
import { OutboxService } from '@bkci/messaging';
import { AgentError, AgentErrorCode } from './agent.errors';
import { AGENT_STATUS, AgentOs } from './agent-status';
import { newSecret, secretHash } from './agent-secrets';
import { AgentStateService } from './agent-state.service';
import { AGENTS_CONFIG, AgentsConfig } from './agents.config';
import { ThirdPartyAgentEntity } from './entities/third-party-agent.entity';
import { ThirdPartyAgentRepository } from './third-party-agent.repository';

/** BK-CI ThirdPartyAgentLink. */
export interface ThirdPartyAgentLink {
  agentId: string;
  link: string;
}

/** Where install scripts and the bundle are fetched from, under the public URL. */
const EXTERNAL_PATH = '/ms/environment/api/external/thirdPartyAgent';

/**
 * Installing an agent: a link holds a single-use install token that expires; the script it serves
 * makes the agent's secret (the only time the secret is ever shown) and fetches the bundle.
 */
@Injectable()
export class AgentInstallService {
  constructor(
    private readonly agents: ThirdPartyAgentRepository,
    private readonly state: AgentStateService,
    private readonly outbox: OutboxService,
    @Inject(AGENTS_CONFIG.token) private readonly config: AgentsConfig,
  ) {}

  /** A new agent (or this user's pending one for the OS, as BK-CI reuses it) and a fresh install command. */
  async generateLink(userId: string, projectId: string, os: AgentOs, agentType: string): Promise<ThirdPartyAgentLink> {
    assertSupported(os);
    const agent =
      (await this.agents.pendingLinkOf(projectId, userId, os, agentType)) ??
      (await this.agents.insert({ projectId, status: AGENT_STATUS.UN_IMPORT, os, agentType, createdUser: userId }));
    return { agentId: agent.agentId ?? '', link: await this.newInstallCommand(agent) };
  }

  /** BK-CI generateReInstallLink: a fresh install command for an existing agent; installing with it replaces the secret. */
  async generateReInstallLink(projectId: string, os: AgentOs, agentId: string): Promise<{ zoneName: string; script: string }> {
    assertSupported(os);
    const agent = await this.agents.liveInProject(projectId, agentId);
    if (!agent) throw agentNotFound(projectId, agentId);
    return { zoneName: '', script: await this.newInstallCommand(agent) };
  }

  /**
   * The install script for `agentId`, using up `token`: a new secret replaces any old one (whose
   * holders the gateways forget at once) and the host binding is cleared, so the machine running
   * the script becomes the agent. A used, expired or unknown token changes nothing.
   */
  async installScript(agentId: string, token: string): Promise<string> {
    const template = this.template();
    const agent = await this.agents.byAgentId(agentId);
    const secret = newSecret();
    const installed =
      agent !== null &&
      (await this.outbox.transaction(async (tx) => {
        const used = await this.agents.consumeInstallToken(agent.id, secretHash(token), new Date(), { secretHash: secretHash(secret), boundHost: null }, tx.manager);
        if (used && agent.secretHash !== null) this.state.revokeCredentials(tx, agent);
        return used;
      }));
    if (!installed) {
      throw new AgentError(AgentErrorCode.INSTALL_TOKEN_INVALID, `This install link for agent ${agentId} is used, expired or unknown; generate a new one (an install link works once)`);
    }
    return render(template, { gateway: this.config.publicUrl, projectId: agent.projectId, agentId, secretKey: secret });
  }

  /** The path of the agent bundle, for a live agent; 404 for an unknown one. */
  async bundlePath(agentId: string): Promise<string> {
    const agent = await this.agents.byAgentId(agentId);
    if (!agent || agent.status === AGENT_STATUS.DELETE) throw new AgentError(AgentErrorCode.AGENT_NOT_FOUND, `There is no agent ${agentId}`);
    if (!existsSync(this.config.agentBundle)) {
      throw new AgentError(AgentErrorCode.AGENT_BUNDLE_MISSING, 'The agent bundle has not been built on this server; run npm run build there');
    }
    return this.config.agentBundle;
  }

  private async newInstallCommand(agent: ThirdPartyAgentEntity): Promise<string> {
    const token = newSecret();
    await this.agents.update(agent.id, { installTokenHash: secretHash(token), installTokenExpiresAt: new Date(Date.now() + this.config.installLinkTtlSeconds * 1000) });
    return `curl -fsSL '${this.config.publicUrl}${EXTERNAL_PATH}/${agent.agentId}/install?token=${token}' | bash`;
  }

  private template(): string {
    try {
      return readFileSync(this.config.installTemplate, 'utf8');
    } catch {
      throw new AgentError(AgentErrorCode.AGENT_BUNDLE_MISSING, 'The install script template is missing on this server; reinstall the server');
    }
  }
}

function assertSupported(os: AgentOs): void {
  if (os === 'WINDOWS') throw new AgentError(AgentErrorCode.OS_NOT_SUPPORTED, 'Agents on WINDOWS are not supported yet; install on LINUX or MACOS');
}

export function agentNotFound(projectId: string, agentId: string): AgentError {
  return new AgentError(AgentErrorCode.AGENT_NOT_FOUND, `Project ${projectId} has no agent ${agentId}`);
}

/** Fills the template's ##name## placeholders; every value is URL-, id- or base64url-safe, so the shell takes it as is. */
function render(template: string, values: Record<string, string>): string {
  return template.replace(/##(gateway|projectId|agentId|secretKey)##/g, (_, name: string) => values[name]);
}
