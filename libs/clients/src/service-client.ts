import { AppConfig, AppName } from '@bkci/config';
import { GATEWAY_ISSUER, GATEWAY_SERVICE_ISSUER, SERVICE_TOKEN_HEADER, ServiceTokens } from '@bkci/auth';
import { ServiceRoute, servicePath } from '@bkci/contracts';
import { CommonError, CommonErrorCode, DomainError, Envelope } from '@bkci/core';

const TIMEOUT_MS = 15_000;

export interface ServiceRequest {
  /** The user the call acts for; the callee checks permissions against this user. */
  onBehalfOf: string;
  query?: Record<string, string>;
  body?: unknown;
}

/**
 * HTTP to another app's `/api/service/...` routes with a fresh service token. A non-zero
 * envelope status comes back as a DomainError with the callee's code, so it reaches the user
 * unchanged; an unreachable app is SERVICE_UNAVAILABLE.
 */
export class ServiceClient {
  constructor(
    private readonly config: AppConfig,
    private readonly tokens: ServiceTokens,
  ) {}

  /** Calls a route declared in @bkci/contracts: its app, method and path come from the declaration. */
  call<P extends string, Q, B, R>(
    route: ServiceRoute<P, Q, B, R>,
    params: Record<P, string>,
    request: { onBehalfOf: string } & (Q extends undefined ? unknown : { query: Q }) & (B extends undefined ? unknown : { body: B }),
  ): Promise<R> {
    return this.request<R>(route.app, route.method, servicePath(route, params), request as ServiceRequest);
  }

  /** Calls are signed in the caller app's name; the gateway's name on a token means user traffic, so it signs its own calls apart. */
  private issuer(): string {
    return this.config.app === GATEWAY_ISSUER ? GATEWAY_SERVICE_ISSUER : this.config.app;
  }

  async request<T>(app: AppName, method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, request: ServiceRequest): Promise<T> {
    const url = new URL(`${this.config.appUrls[app]}${path}`);
    for (const [key, value] of Object.entries(request.query ?? {})) url.searchParams.set(key, value);
    const token = this.tokens.sign({ userId: request.onBehalfOf, issuer: this.issuer(), appCode: null, admin: false });
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: { [SERVICE_TOKEN_HEADER]: token, 'content-type': 'application/json' },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new CommonError(CommonErrorCode.SERVICE_UNAVAILABLE, `The ${app} service did not answer: ${String(error)}`);
    }
    const envelope = (await response.json().catch(() => null)) as Envelope<T> | null;
    if (!envelope || typeof envelope.status !== 'number') {
      throw new CommonError(CommonErrorCode.SERVICE_UNAVAILABLE, `The ${app} service sent a malformed answer (HTTP ${response.status})`);
    }
    if (envelope.status !== 0) {
      throw new DomainError(envelope.status, response.status, envelope.message ?? `The ${app} service refused`, envelope.data);
    }
    return envelope.data as T;
  }
}
