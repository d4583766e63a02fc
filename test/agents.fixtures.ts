/** Acting as a build agent over HTTP through the gateway, as the agent program does. */

export interface AgentCredentials {
  projectId: string;
  agentId: string;
  secretKey: string;
  host: string;
}

export interface AgentAnswer<T = unknown> {
  httpStatus: number;
  status: number;
  message: string | null;
  data: T;
}

const AGENT_API = '/ms/environment/api/buildAgent/agent/thirdPartyAgent';
const INSTALL_PATH = /(\/ms\/environment\/api\/external\/thirdPartyAgent\/([a-z]+)\/install\?token=([A-Za-z0-9_-]+))' \| bash$/;

export function agentHeaders(agent: AgentCredentials): Record<string, string> {
  return {
    'X-DEVOPS-PROJECT-ID': agent.projectId,
    'X-DEVOPS-AGENT-ID': agent.agentId,
    'X-DEVOPS-AGENT-SECRET-KEY': agent.secretKey,
    'X-DEVOPS-AGENT-HOST': agent.host,
  };
}

/** One call of the agent API (`startup`, `agents/newHeartbeat`, `ask`, …) with the agent's headers. */
export async function agentCall<T = unknown>(gateway: string, agent: AgentCredentials, method: 'GET' | 'POST', path: string, body?: unknown): Promise<AgentAnswer<T>> {
  const response = await fetch(`${gateway}${AGENT_API}/${path}`, {
    method,
    headers: { ...agentHeaders(agent), 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const envelope = (await response.json()) as { status: number; message: string | null; data: T };
  return { httpStatus: response.status, ...envelope };
}

/** The install script's path on the gateway, the agent id and the token, read from a generateLink `link`. */
export function installPathOf(link: string): { path: string; agentId: string; token: string } {
  const match = INSTALL_PATH.exec(link);
  if (!match) throw new Error(`not an install command: ${link}`);
  return { path: match[1], agentId: match[2], token: match[3] };
}

/** The secret key an install script carries. */
export function secretOf(script: string): string {
  const match = /^SECRET_KEY='([A-Za-z0-9_-]{43})'$/m.exec(script);
  if (!match) throw new Error('the install script carries no secret key');
  return match[1];
}

export const STARTUP = { hostname: 'build-01', hostIp: '10.0.0.21', detectOS: 'Linux 6.1', version: 'v1.0.0', masterVersion: 'v1.0.0', arch: 'amd64' };

export function heartbeat(taskCount = 0, parallelTaskCount = 4) {
  return {
    masterVersion: 'v1.0.0',
    slaveVersion: 'v1.0.0',
    hostName: 'build-01',
    agentIp: '10.0.0.21',
    parallelTaskCount,
    agentInstallPath: '/opt/bkci-agent',
    startedUser: 'ci',
    taskList: Array.from({ length: taskCount }, (_, index) => ({ projectId: 'p', buildId: `b-${index}`, vmSeqId: '1', workspace: '/w' })),
    props: { arch: 'amd64', osVersion: '6.1' },
  };
}

/**
 * Through the gateway as `user`: a link, the install script, the agent's startup from `host`, and
 * (with `imported`) its import. The agent's credentials and its node's hash id.
 */
export async function installAgent(
  gateway: string,
  user: Record<string, string>,
  projectId: string,
  host: string,
  imported = true,
): Promise<{ agent: AgentCredentials; nodeHashId: string | null }> {
  const link = await fetch(`${gateway}/ms/environment/api/user/environment/thirdPartyAgent/projects/${projectId}/os/LINUX/generateLink`, { headers: user });
  if (link.status !== 200) throw new Error(`generateLink: ${link.status} ${await link.text()}`);
  const { path, agentId } = installPathOf(((await link.json()) as { data: { link: string } }).data.link);
  const script = await fetch(`${gateway}${path}`);
  if (script.status !== 200) throw new Error(`install: ${script.status} ${await script.text()}`);
  const agent = { projectId, agentId, secretKey: secretOf(await script.text()), host };
  const started = await agentCall(gateway, agent, 'POST', 'startup', { ...STARTUP, hostname: host });
  if (started.data !== 'UN_IMPORT_OK') throw new Error(`startup: ${JSON.stringify(started)}`);
  if (!imported) return { agent, nodeHashId: null };
  const done = await fetch(`${gateway}/ms/environment/api/user/environment/thirdPartyAgent/projects/${projectId}/agents/${agentId}/import`, { method: 'POST', headers: user });
  if (done.status !== 200) throw new Error(`import: ${done.status} ${await done.text()}`);
  const listed = await fetch(`${gateway}/ms/environment/api/user/environment/thirdPartyAgent/projects/${projectId}/list`, { headers: user });
  const row = ((await listed.json()) as { data: { agentId: string; displayName: string }[] }).data.find((item) => item.agentId === agentId);
  const nodeHashId = /^BUILD_([a-z]+)_/.exec(row?.displayName ?? '')?.[1] ?? null;
  if (!nodeHashId) throw new Error(`no node for agent ${agentId}`);
  return { agent, nodeHashId };
}
