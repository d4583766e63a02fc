import { Injectable } from '@nestjs/common';
import { ServiceClient } from '@bkci/clients';
import { AGENT_BY_ID, AGENTS_BY_ENV_ID, AGENTS_BY_ENV_NAME, AGENTS_BY_TAGS, DEFAULT_AGENT_POOL, ThirdPartyAgentView } from '@bkci/contracts';
import { DomainError } from '@bkci/core';
import type { DispatchType } from '@bkci/pipeline-model';

/** The agents a VM job may run on, and how the job named them (for the reason a waiting job shows). */
export interface AgentChoice {
  agents: ThirdPartyAgentView[];
  target: string;
}

/** Imported agents, online (IMPORT_OK) or not right now (IMPORT_EXCEPTION): a job waits for an offline one to come back. */
const IMPORTED: ReadonlySet<string> = new Set(['IMPORT_OK', 'IMPORT_EXCEPTION']);
export const ONLINE = 'IMPORT_OK';

/**
 * Which agents may take a VM job (BK-CI ThirdPartyDispatchService's choice, asked of environment):
 * THIRD_PARTY_AGENT_ID names one agent (by id, or by host name when `agentType` is NAME);
 * THIRD_PARTY_AGENT_ENV names an env (by name, `envProjectId` for an env shared from another
 * project, or by hash id when `agentType` is ID) and takes its enabled nodes' agents; any other
 * dispatch type runs on the default pool, the agents shared with every project. Only imported agents
 * count, online or not.
 */
@Injectable()
export class AgentPicker {
  constructor(private readonly services: ServiceClient) {}

  async candidates(projectId: string, userId: string, dispatchType: DispatchType | null | undefined): Promise<AgentChoice> {
    const request = { onBehalfOf: userId };
    const value = dispatchType?.value ?? '';
    switch (dispatchType?.buildType) {
      case 'THIRD_PARTY_AGENT_ID': {
        const agents = dispatchType.agentType === 'NAME' ? await this.byHostName(projectId, value, request) : await this.byId(projectId, value, request);
        return { agents: imported(agents), target: `agent "${value}"` };
      }
      case 'THIRD_PARTY_AGENT_ENV': {
        const views =
          dispatchType.agentType === 'ID'
            ? await this.services.call(AGENTS_BY_ENV_ID, { projectId, envId: value }, request)
            : await this.services.call(AGENTS_BY_ENV_NAME, { projectId, envName: dispatchType.envProjectId ? `${dispatchType.envProjectId}@${value}` : value }, request);
        return { agents: imported(views.filter((view) => view.enableNode).map((view) => view.agent)), target: `env "${value}"` };
      }
      default:
        return { agents: imported(await this.services.call(DEFAULT_AGENT_POOL, {}, request)), target: 'the default pool' };
    }
  }

  /** An agent named by id; none when the project may not use it (environment's 404). */
  private async byId(projectId: string, agentId: string, request: { onBehalfOf: string }): Promise<ThirdPartyAgentView[]> {
    try {
      return [await this.services.call(AGENT_BY_ID, { projectId, agentId }, request)];
    } catch (error) {
      if (error instanceof DomainError && error.httpStatus === 404) return [];
      throw error;
    }
  }

  /** BK-CI's `node-name`: the project's agent (or a shared one) on the host of that name, or with that id. */
  private async byHostName(projectId: string, name: string, request: { onBehalfOf: string }): Promise<ThirdPartyAgentView[]> {
    const own = await this.services.call(AGENTS_BY_TAGS, { projectId }, { ...request, body: { tags: [] } });
    const shared = await this.services.call(DEFAULT_AGENT_POOL, {}, request);
    const match = [...own, ...shared].find((agent) => agent.hostname === name || agent.agentId === name);
    return match ? [match] : [];
  }
}

function imported(agents: ThirdPartyAgentView[]): ThirdPartyAgentView[] {
  return agents.filter((agent) => IMPORTED.has(agent.status));
}
