import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Agent, IncomingHttpHeaders, IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Transform } from 'node:stream';
import { BUILD_TOKEN_HEADER, Caller, RequestOrigin, SERVICE_TOKEN_HEADER, ServiceTokens } from '@bkci/auth';
import { APP_CONFIG, AppConfig, isAppName } from '@bkci/config';
import { CommonErrorCode, DomainError, errorEnvelope } from '@bkci/core';
import { MAX_BODY_BYTES } from '@bkci/platform';
import type { NextFunction, Request, Response } from 'express';
import { CallMetricsService } from '../call-metrics/call-metrics.service';
import { OPENAPI_CONFIG, OpenapiConfig } from '../openapi.config';
import { Oauth2AppCallAuthenticator } from '../oauth2/oauth2-app-call-authenticator';
import { RateLimiter } from '../rate-limits/rate-limiter';
import { APP_CREDENTIAL_HEADERS } from '../third-party-apps/app-credentials';
import { AGENT_HEADERS, agentCredentialsOf } from './agent-headers';
import { AgentCredentialVerifier } from './agent-credential-verifier';
import { BearerAdmission, bearerCall } from './bearer-admission';
import { BuildTokenVerifier } from './build-token-verifier';
import { ClientAddress } from './client-address';
import { anonymousCall, GatewayCall, machineCall } from './gateway-call';
import { fromPublicForm, GatewayPath, isUnder, MalformedPath, parseGatewayPath, unservedApiVersion } from './gateway-path';
import { GatewayPathErrorCode } from './gateway-path.errors';
import { resolveV4Call, V4Call } from './v4/openapi-v4-routes';
import { V4ParameterMissing } from './v4/v4-route';

const REQUEST_ID_HEADER = 'x-devops-rid';
/** Headers that belong to one connection only. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'upgrade'];
/**
 * Not forwarded upstream: hop headers, the user's credentials, and claims only the gateway may
 * make (identity, the request id, the client's address).
 */
const DROPPED_REQUEST_HEADERS = new Set([
  ...HOP_BY_HOP, 'host', 'authorization', 'cookie', SERVICE_TOKEN_HEADER, 'x-devops-uid', 'x-devops-app-code', BUILD_TOKEN_HEADER,
  REQUEST_ID_HEADER, 'x-forwarded-for', 'forwarded', 'x-real-ip', ...AGENT_HEADERS, ...APP_CREDENTIAL_HEADERS,
]);
const DROPPED_RESPONSE_HEADERS = new Set(HOP_BY_HOP);
const BODY_TOO_LARGE = `The request body is larger than the limit of ${MAX_BODY_BYTES} bytes`;

/**
 * The public entry: `/ms/<app>/<path>` is authenticated here and forwarded to `<app>/<path>`
 * with a fresh service token naming the user, the request id minted here and the client's
 * address (see ClientAddress). Bodies are streamed, never buffered, and cut at MAX_BODY_BYTES.
 * Service APIs (`/api/service/...`, however the path is spelt) stay internal. `/ms/openapi/...`
 * is the gateway's own routes, except BK-CI's OpenAPI v4 calls, which are forwarded to the app
 * that serves them (see v4/openapi-v4-routes.ts). Every forwarded request passes `pass`, where the
 * gateway knows who calls what (GatewayCall) and takes the caller's rate limit.
 */
@Injectable()
export class AppProxy implements OnApplicationShutdown {
  private readonly logger = new Logger(AppProxy.name);
  private readonly httpAgent = new Agent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });
  private readonly clientAddress: ClientAddress;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(OPENAPI_CONFIG.token) gateway: OpenapiConfig,
    private readonly bearer: BearerAdmission,
    private readonly serviceTokens: ServiceTokens,
    private readonly buildTokens: BuildTokenVerifier,
    private readonly agents: AgentCredentialVerifier,
    private readonly limiter: RateLimiter,
    private readonly appCalls: Oauth2AppCallAuthenticator,
    private readonly callMetrics: CallMetricsService,
  ) {
    this.clientAddress = new ClientAddress(gateway.trustedProxies);
  }

  onApplicationShutdown(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  readonly handle = (request: Request, response: Response, next: NextFunction): void => {
    let path: GatewayPath | null;
    try {
      path = parseGatewayPath(fromPublicForm(request.originalUrl) ?? request.originalUrl);
    } catch (error) {
      if (!(error instanceof MalformedPath)) throw error;
      response.status(400).json(errorEnvelope(CommonErrorCode.PARAMETER_INVALID, error.message));
      return;
    }
    if (!path) return next();
    if (Number(request.header('content-length')) > MAX_BODY_BYTES) {
      response.status(413).json(errorEnvelope(CommonErrorCode.PAYLOAD_TOO_LARGE, BODY_TOO_LARGE));
      return;
    }
    const { app, rest, canonical, search } = path;
    const clientIp = this.clientAddress.of(request.socket.remoteAddress, request.header('x-forwarded-for'));
    if (app === 'openapi') {
      const unserved = unservedApiVersion(canonical);
      if (unserved) {
        response.status(404).json(errorEnvelope(GatewayPathErrorCode.API_VERSION_NOT_SERVED, unserved));
        return;
      }
      let v4: V4Call | null;
      try {
        v4 = resolveV4Call(request.method, rest, new URLSearchParams(search));
      } catch (error) {
        if (!(error instanceof V4ParameterMissing)) throw error;
        response.status(400).json(errorEnvelope(CommonErrorCode.PARAMETER_MISSING, error.message));
        return;
      }
      if (v4?.apigwType === 'apigw-app') return this.forwardAppCall(request, response, next, clientIp, v4);
      if (v4) return this.authenticateAndForward(request, response, next, clientIp, `${this.config.appUrls[v4.target.app]}${v4.target.path}`, v4.target.method, v4.api);
      request.url = `${rest}${search}`;
      return next();
    }
    if (!isAppName(app)) {
      response.status(404).json(errorEnvelope(CommonErrorCode.NOT_FOUND, `No app named "${app}" behind /ms/`));
      return;
    }
    if (isUnder(canonical, '/api/service')) {
      response.status(403).json(errorEnvelope(CommonErrorCode.PERMISSION_DENIED, 'Service APIs are not reachable from outside'));
      return;
    }
    const target = `${this.config.appUrls[app]}${rest}${search}`;
    if (isUnder(canonical, '/api/build')) return this.forwardBuild(request, response, next, clientIp, target);
    if (isUnder(canonical, '/api/buildagent')) return this.forwardAgent(request, response, next, clientIp, target);
    // Install scripts and the agent bundle are fetched by `curl` on a new build machine: the route checks its own token.
    if (isUnder(canonical, '/api/external')) return this.pass(anonymousCall(clientIp), request, response, next, target);
    this.authenticateAndForward(request, response, next, clientIp, target);
  };

  /**
   * Build APIs (`/api/build/...`) are called by agents, not users: they carry the build's token,
   * verified here (BuildTokenVerifier), so the app behind is told which build calls and never sees
   * the token itself. A refused token does not count as a failed authentication (see forwardMachine).
   */
  private forwardBuild(request: Request, response: Response, next: NextFunction, clientIp: string | null, target: string): void {
    const token = request.header(BUILD_TOKEN_HEADER);
    if (!token) return this.refuseAnonymous(response, next, clientIp, `Build APIs need the build's token in ${BUILD_TOKEN_HEADER}`);
    this.forwardMachine(request, response, next, clientIp, target, () => this.buildTokens.callerOf(token));
  }

  /**
   * Agent APIs (`/api/buildAgent/...`) are called by build agents with their id and secret in the
   * X-DEVOPS-AGENT-* headers, verified here (AgentCredentialVerifier); the app behind is told which
   * agent calls and never sees the secret.
   */
  private forwardAgent(request: Request, response: Response, next: NextFunction, clientIp: string | null, target: string): void {
    const credentials = agentCredentialsOf(request);
    if (typeof credentials === 'string') return this.refuseAnonymous(response, next, clientIp, credentials);
    this.forwardMachine(request, response, next, clientIp, target, () => this.agents.callerOf(credentials));
  }

  /**
   * App-mode v4 calls carry the app's code and secret (or an OAuth2 client_credentials token) and name
   * the user the app acts for; they are forwarded only in a project the app is bound to
   * (Oauth2AppCallAuthenticator), as that user.
   */
  private forwardAppCall(request: Request, response: Response, next: NextFunction, clientIp: string | null, v4: V4Call): void {
    if (this.limiter.refuseIfThrottled(clientIp, response)) return;
    this.appCalls.callerOf((name) => request.header(name), v4.projectId).then(
      (caller) => this.pass({ caller, routeClass: 'app', clientIp }, request, response, next, `${this.config.appUrls[v4.target.app]}${v4.target.path}`, v4.target.method, v4.api),
      (error: unknown) => this.refuseCredentials(error, response, next, clientIp),
    );
  }

  /** A request without credentials: limited by its address as `external`, then refused. */
  private refuseAnonymous(response: Response, next: NextFunction, clientIp: string | null, message: string): void {
    this.limiter.admit(anonymousCall(clientIp), response).then((admitted) => {
      if (admitted) response.status(401).json(errorEnvelope(CommonErrorCode.UNAUTHENTICATED, message));
    }, next);
  }

  /**
   * A build's or an agent's call: limited by its address (the `build` class) before its credentials
   * are checked, so a flood of wrong tokens costs no verification beyond the limit. A refusal does
   * not count as a failed authentication: machines meet refusals for benign reasons (a log batch
   * sent after its job ended, an agent deleted while it runs), their tokens are too long to guess,
   * and they share an address with people (the local agent of `npm start`), whom a throttle of that
   * address would lock out.
   */
  private forwardMachine(request: Request, response: Response, next: NextFunction, clientIp: string | null, target: string, verify: () => Promise<Caller>): void {
    this.limiter.admit(machineCall(clientIp), response).then(async (admitted) => {
      if (!admitted) return;
      let caller: Caller;
      try {
        caller = await verify();
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        response.status(error.httpStatus).json(errorEnvelope(error.code, error.message));
        return;
      }
      this.forward(request, response, target, { caller, routeClass: 'build', clientIp });
    }).catch(next);
  }

  /** Answers a verifier's refusal; a 401 (a wrong, expired or revoked credential) counts against the client's address. */
  private refuseCredentials(error: unknown, response: Response, next: NextFunction, clientIp: string | null): void {
    if (!(error instanceof DomainError)) return next(error);
    const counted = error.httpStatus === 401 ? this.limiter.authenticationFailed(clientIp) : Promise.resolve();
    counted.then(() => void response.status(error.httpStatus).json(errorEnvelope(error.code, error.message)), next);
  }

  private authenticateAndForward(request: Request, response: Response, next: NextFunction, clientIp: string | null, target: string, method?: string, api?: string): void {
    this.bearer.callerOf(request, response, clientIp).then((caller) => {
      if (caller) this.pass(bearerCall(caller, clientIp), request, response, next, target, method, api);
    }, next);
  }

  /**
   * Who calls what: every forwarded request comes through here once the gateway knows its caller
   * and route class, and goes on only within the caller's rate limit; `api` names a v4 call,
   * counted in the call metrics when it goes on.
   */
  private pass(call: GatewayCall, request: Request, response: Response, next: NextFunction, target: string, method?: string, api?: string): void {
    this.limiter.admit(call, response).then((admitted) => {
      if (!admitted) return;
      if (api) this.callMetrics.track(api, call.caller, response);
      this.forward(request, response, target, call, method);
    }, next);
  }

  /** `method` replaces the request's own when a v4 call maps onto a route of another method. */
  private forward(request: Request, response: Response, target: string, { caller, clientIp }: GatewayCall, method = request.method): void {
    const url = new URL(target);
    const requestId = randomUUID();
    const origin: RequestOrigin = { requestId, clientIp };
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (!DROPPED_REQUEST_HEADERS.has(name)) headers[name] = value;
    }
    // Apps believe only the token; the headers say the same for their logs.
    headers[SERVICE_TOKEN_HEADER] = this.serviceTokens.sign(caller, origin);
    headers[REQUEST_ID_HEADER] = requestId;
    if (origin.clientIp) headers['x-forwarded-for'] = origin.clientIp;
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    let answered: IncomingMessage | null = null;
    const upstream = send(
      url,
      { method, headers, agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent },
      (answer) => {
        answered = answer;
        const responseHeaders = Object.fromEntries(
          Object.entries(answer.headers).filter(([name]) => !DROPPED_RESPONSE_HEADERS.has(name)),
        );
        response.writeHead(answer.statusCode ?? 502, { ...responseHeaders, [REQUEST_ID_HEADER]: requestId });
        // A live tail (Server-Sent Events) may send no body for a while: its headers go now. Any other
        // answer's go with its first bytes, in one write instead of two.
        if (answer.headers['content-type']?.startsWith('text/event-stream')) response.flushHeaders();
        answer.pipe(response);
      },
    );
    let cut = false;
    // A client that goes away ends the upstream request too, so the app stops a stream nobody reads,
    // or, before it has answered, a long poll nobody waits for (an agent's ask).
    response.on('close', () => {
      if (answered?.complete) return;
      cut = true;
      upstream.destroy();
    });
    upstream.on('error', (error) => {
      if (cut) return;
      this.logger.warn(`Forwarding to ${url.origin} failed: ${error.message}`);
      if (response.headersSent) return void response.destroy();
      response.status(502).json(errorEnvelope(CommonErrorCode.SERVICE_UNAVAILABLE, `${url.origin} is not answering; retry shortly`));
    });
    // A body sent without a content-length is counted as it streams, and cut past the limit.
    const body = limitedTo(MAX_BODY_BYTES);
    body.on('error', () => {
      cut = true;
      upstream.destroy();
      request.unpipe(body);
      request.resume();
      if (!response.headersSent) response.status(413).json(errorEnvelope(CommonErrorCode.PAYLOAD_TOO_LARGE, BODY_TOO_LARGE));
      else if (!response.writableEnded) response.destroy();
    });
    request.pipe(body).pipe(upstream);
  }
}

/** Passes a stream through until more than `limit` bytes have gone by, then fails. */
function limitedTo(limit: number): Transform {
  let passed = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      passed += chunk.length;
      if (passed > limit) return callback(new Error(BODY_TOO_LARGE));
      callback(null, chunk);
    },
  });
}
