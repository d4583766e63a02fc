/** BK-CI EnvType values this app makes: BUILD (build agents) and the deploy envs DEV, TEST, PROD. */
export const ENV_TYPES = ['BUILD', 'DEV', 'TEST', 'PROD'] as const;
export type EnvType = (typeof ENV_TYPES)[number];

/** BK-CI's OS enum, which an env may be bound to and agents report. */
export const AGENT_OS = ['LINUX', 'MACOS', 'WINDOWS'] as const;

/** BK-CI NodeSource, accepted on create. */
export const NODE_SOURCES = ['EXISTING', 'CREATE', 'CMDB'] as const;

/** BK-CI SharedEnvType. */
export const SHARED_ENV_TYPES = ['PROJECT', 'GROUP'] as const;

/** The node types that build (BK-CI: a deploy env may not hold them). */
export const BUILD_NODE_TYPES = ['THIRDPARTY', 'DEVCLOUD'];

/** What secure values look like in every read, and what an update sends back for "unchanged". */
export const MASK = '******';

/** Whether an env type is BUILD; DEV, TEST and PROD are deploy envs. */
export function isBuildEnv(envType: string): boolean {
  return envType === 'BUILD';
}
