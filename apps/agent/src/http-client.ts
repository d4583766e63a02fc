import { AgentConfig } from './config';

/** The identity headers of every /buildAgent call (BK-CI's names, plus the host the agent runs on). */
export const AGENT_HEADERS = {
  projectId: 'X-DEVOPS-PROJECT-ID',
  agentId: 'X-DEVOPS-AGENT-ID',
  secretKey: 'X-DEVOPS-AGENT-SECRET-KEY',
  host: 'X-DEVOPS-AGENT-HOST',
} as const;

/** The headers of a job's /build calls (to process, log and ticket alike): the job's token and what BK-CI's worker names. */
export const BUILD_HEADERS = {
  buildToken: 'X-DEVOPS-BUILD-TOKEN',
  projectId: 'X-DEVOPS-PROJECT-ID',
  buildId: 'X-DEVOPS-BUILD-ID',
  vmSeqId: 'X-DEVOPS-VM-SID',
} as const;

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/**
 * How a call ended, in the terms the loops act on:
 * - `ok`: 2xx with the envelope's data;
 * - `refused`: 401/403, the server does not accept this agent (wrong secret, deleted, other host);
 * - `rejected`: any other 4xx, the server understood and said no;
 * - `unavailable`: no answer, a timeout, a 5xx or something that is not the envelope, so retry later.
 */
export type CallResult<T> =
  | { outcome: 'ok'; data: T }
  | { outcome: 'refused' | 'rejected'; httpStatus: number; code: unknown; message: string }
  | { outcome: 'unavailable'; reason: string };

export type CallProblem = Exclude<CallResult<unknown>, { outcome: 'ok' }>;

interface Envelope {
  status?: unknown;
  message?: unknown;
  data?: unknown;
}

/** One call through the gateway; `path` starts at the gateway's root (`/ms/<app>/api/...`). */
export interface GatewayRequest {
  method: HttpMethod;
  path: string;
  headers: Record<string, string>;
  body?: unknown;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** Calls any app through the gateway: environment and process as the agent, process, log and ticket as a job. */
export class GatewayClient {
  constructor(private readonly gateway: string) {}

  /**
   * One request, given up after timeoutMs or when `signal` aborts (shutdown). Never throws: every
   * way a call can end is a CallResult.
   */
  async call<T>(request: GatewayRequest): Promise<CallResult<T>> {
    const timeout = AbortSignal.timeout(request.timeoutMs);
    let response: Response;
    let envelope: Envelope | null;
    try {
      response = await fetch(this.gateway + request.path, {
        method: request.method,
        headers: { 'content-type': 'application/json', accept: 'application/json', ...request.headers },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: request.signal ? AbortSignal.any([request.signal, timeout]) : timeout,
      });
      envelope = await response.json().then(
        (parsed: unknown) => (typeof parsed === 'object' && parsed !== null ? (parsed as Envelope) : null),
        () => null,
      );
    } catch (error) {
      return { outcome: 'unavailable', reason: timeout.aborted ? `no answer within ${request.timeoutMs} ms` : describe(error) };
    }
    if (response.status >= 500 || envelope === null) {
      return { outcome: 'unavailable', reason: `HTTP ${response.status}${envelope ? `: ${String(envelope.message ?? '')}` : ''}` };
    }
    if (response.ok) return { outcome: 'ok', data: envelope.data as T };
    return {
      outcome: response.status === 401 || response.status === 403 ? 'refused' : 'rejected',
      httpStatus: response.status,
      code: envelope.status,
      message: typeof envelope.message === 'string' ? envelope.message : '',
    };
  }
}

const ENVIRONMENT_AGENT_BASE = '/ms/environment/api/buildAgent/agent/thirdPartyAgent/';
const PROCESS_AGENT_BASE = '/ms/process/api/buildAgent/agent/thirdPartyAgent/';

/** The agent's own calls, with its identity headers: environment's agent routes and process's job hand-out. */
export class AgentHttpClient {
  private readonly headers: Record<string, string>;

  constructor(
    config: AgentConfig,
    hostIdentity: string,
    readonly gateway: GatewayClient = new GatewayClient(config.gateway),
  ) {
    this.headers = {
      [AGENT_HEADERS.projectId]: config.projectId,
      [AGENT_HEADERS.agentId]: config.agentId,
      [AGENT_HEADERS.secretKey]: config.secretKey,
      [AGENT_HEADERS.host]: hostIdentity,
    };
  }

  /** Environment's `/buildAgent/agent/thirdPartyAgent/<path>`. */
  call<T>(method: HttpMethod, path: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<CallResult<T>> {
    return this.gateway.call<T>({ method, path: ENVIRONMENT_AGENT_BASE + path, headers: this.headers, body, timeoutMs, signal });
  }

  /** Process's `/buildAgent/agent/thirdPartyAgent/<path>` (startBuild, workerBuildFinish). */
  callProcess<T>(method: HttpMethod, path: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<CallResult<T>> {
    return this.gateway.call<T>({ method, path: PROCESS_AGENT_BASE + path, headers: this.headers, body, timeoutMs, signal });
  }
}

/** The problem of a failed call as log fields (never a header: the secret and the token stay out of logs). */
export function problem(result: CallProblem): Record<string, unknown> {
  if (result.outcome === 'unavailable') return { outcome: result.outcome, reason: result.reason };
  return { outcome: result.outcome, httpStatus: result.httpStatus, code: result.code, message: result.message };
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch reports "fetch failed" and keeps the reason (ECONNREFUSED, …) in `cause`.
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
