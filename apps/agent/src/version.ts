/** This agent's version, reported as BK-CI's masterVersion (the agent) and version (the worker, which is the same program here). */
export const AGENT_VERSION = '0.1.0';
