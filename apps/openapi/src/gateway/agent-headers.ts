import { VerifyAgentBody } from '@bkci/contracts';
import type { Request } from 'express';

/** BK-CI's agent identity headers, plus the host the agent runs on (lower-cased, as Node names them). */
export const AGENT_PROJECT_HEADER = 'x-devops-project-id';
export const AGENT_ID_HEADER = 'x-devops-agent-id';
export const AGENT_SECRET_HEADER = 'x-devops-agent-secret-key';
export const AGENT_HOST_HEADER = 'x-devops-agent-host';

/** Claims only the gateway may pass on (inside the service token): never forwarded as headers. */
export const AGENT_HEADERS = [AGENT_ID_HEADER, AGENT_SECRET_HEADER, AGENT_HOST_HEADER];

const MAX_LENGTH = 256;

/** The four credentials of an agent's request, or a message naming what is missing. */
export function agentCredentialsOf(request: Pick<Request, 'header'>): VerifyAgentBody | string {
  const values = [AGENT_PROJECT_HEADER, AGENT_ID_HEADER, AGENT_SECRET_HEADER, AGENT_HOST_HEADER].map((name) => request.header(name)?.trim() ?? '');
  const missing = [AGENT_PROJECT_HEADER, AGENT_ID_HEADER, AGENT_SECRET_HEADER, AGENT_HOST_HEADER].filter((_, index) => values[index] === '' || values[index].length > MAX_LENGTH);
  if (missing.length > 0) return `Agent APIs need the agent's credentials in ${missing.map((name) => name.toUpperCase()).join(', ')} (1–${MAX_LENGTH} characters each)`;
  const [projectId, agentId, secretKey, host] = values;
  return { projectId, agentId, secretKey, host };
}
