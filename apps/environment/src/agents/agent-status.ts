/** BK-CI's AgentStatus, stored as its number (T_ENVIRONMENT_THIRDPARTY_AGENT.STATUS) and sent as its name. */
export const AGENT_STATUS = {
  /** A link was made; the agent has not come online yet. */
  UN_IMPORT: 0,
  /** Online, not imported by a user: it cannot build yet. */
  UN_IMPORT_OK: 1,
  /** Imported and heartbeating: the only state that builds. */
  IMPORT_OK: 2,
  /** Imported, heartbeat lost. */
  IMPORT_EXCEPTION: 3,
  DELETE: 4,
} as const;

export type AgentStatusName = keyof typeof AGENT_STATUS;
export type AgentStatusValue = (typeof AGENT_STATUS)[AgentStatusName];

const NAMES = Object.fromEntries(Object.entries(AGENT_STATUS).map(([name, value]) => [value, name])) as Record<number, AgentStatusName>;

/** The name of a stored status; an unknown number reads as DELETE, which no agent can act as. */
export function agentStatusName(value: number): AgentStatusName {
  return NAMES[value] ?? 'DELETE';
}

/** BK-CI's AgentAction. */
export type AgentAction = 'ONLINE' | 'OFFLINE';

/** The operating systems an install link is made for (BK-CI's OS enum). */
export const AGENT_OS = ['LINUX', 'MACOS', 'WINDOWS'] as const;
export type AgentOs = (typeof AGENT_OS)[number];
