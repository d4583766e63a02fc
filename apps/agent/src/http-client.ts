import { AgentConfig } from './config';

/** The identity headers of every /buildAgent call (BK-CI's names, plus the host the agent runs on). */
export const AGENT_HEADERS = {
  projectId: 'X-DEVOPS-PROJECT-ID',
  agentId: 'X-DEVOPS-AGENT-ID',
  secretKey: 'X-DEVOPS-AGENT-SECRET-KEY',
  host: 'X-DEVOPS-AGENT-HOST',
} as const;

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

interface Envelope {
  status?: unknown;
  message?: unknown;
  data?: unknown;
}

/** Calls environment's agent routes through the gateway with the agent's identity headers. */
export class AgentHttpClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(config: AgentConfig, hostIdentity: string) {
    this.base = `${config.gateway}/ms/environment/api/buildAgent/agent/thirdPartyAgent/`;
    this.headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      [AGENT_HEADERS.projectId]: config.projectId,
      [AGENT_HEADERS.agentId]: config.agentId,
      [AGENT_HEADERS.secretKey]: config.secretKey,
      [AGENT_HEADERS.host]: hostIdentity,
    };
  }

  /**
   * One request, given up after timeoutMs or when `signal` aborts (shutdown). Never throws: every
   * way a call can end is a CallResult.
   */
  async call<T>(method: 'GET' | 'POST', path: string, body: unknown, timeoutMs: number, signal?: AbortSignal): Promise<CallResult<T>> {
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let envelope: Envelope | null;
    try {
      response = await fetch(this.base + path, {
        method,
        headers: this.headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      envelope = await response.json().then(
        (parsed: unknown) => (typeof parsed === 'object' && parsed !== null ? (parsed as Envelope) : null),
        () => null,
      );
    } catch (error) {
      return { outcome: 'unavailable', reason: timeout.aborted ? `no answer within ${timeoutMs} ms` : describe(error) };
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

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // fetch reports "fetch failed" and keeps the reason (ECONNREFUSED, …) in `cause`.
  const cause = (error as Error & { cause?: unknown }).cause;
  return cause instanceof Error ? `${error.message}: ${cause.message}` : error.message;
}
