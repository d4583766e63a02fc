import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Agent, IncomingHttpHeaders, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { Caller, GATEWAY_ISSUER, SERVICE_TOKEN_HEADER, ServiceTokens } from '@bkci/auth';
import { APP_CONFIG, AppConfig, isAppName } from '@bkci/config';
import { CommonErrorCode, errorEnvelope } from '@bkci/core';
import type { NextFunction, Request, Response } from 'express';
import { GatewayAuthenticator } from './gateway-authenticator';
import { resolveV4, V4ParameterMissing, V4Target } from './openapi-v4-routes';
import { sendUnauthenticated } from './unauthenticated';

const GATEWAY_PATH = /^\/ms\/([a-z]+)(\/.*)?$/;
const REQUEST_ID_HEADER = 'x-devops-rid';
/** Headers that belong to one connection only. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'upgrade'];
/** Not forwarded upstream: hop headers, the user's credentials, and identity claims only the gateway may make. */
const DROPPED_REQUEST_HEADERS = new Set([
  ...HOP_BY_HOP, 'host', 'authorization', 'cookie', SERVICE_TOKEN_HEADER, 'x-devops-uid', 'x-devops-app-code',
]);
const DROPPED_RESPONSE_HEADERS = new Set(HOP_BY_HOP);
const BUILD_TOKEN_HEADER = 'x-devops-build-token';
/** Who build traffic acts as until the app behind has checked the build token: nobody with any permission. */
const BUILD_AGENT_CALLER: Caller = { userId: 'build-agent', issuer: GATEWAY_ISSUER, appCode: null, admin: false };

/**
 * The public entry: `/ms/<app>/<path>` is authenticated here and forwarded to `<app>/<path>`
 * with a fresh service token naming the user. Bodies are streamed, never buffered. Service APIs
 * (`/api/service/...`) stay internal. `/ms/openapi/...` is the gateway's own routes, except BK-CI's
 * OpenAPI v4 calls, which are forwarded to the app that serves them (see openapi-v4-routes.ts).
 */
@Injectable()
export class AppProxy implements OnApplicationShutdown {
  private readonly logger = new Logger(AppProxy.name);
  private readonly httpAgent = new Agent({ keepAlive: true });
  private readonly httpsAgent = new HttpsAgent({ keepAlive: true });

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly authenticator: GatewayAuthenticator,
    private readonly serviceTokens: ServiceTokens,
  ) {}

  onApplicationShutdown(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  readonly handle = (request: Request, response: Response, next: NextFunction): void => {
    const match = GATEWAY_PATH.exec(request.path);
    if (!match) return next();
    const [, app] = match;
    const { pathname, search } = new URL(request.originalUrl, 'http://gateway');
    const rest = pathname.slice(`/ms/${app}`.length) || '/';
    if (app === 'openapi') {
      let v4: V4Target | null;
      try {
        v4 = resolveV4(request.method, rest, new URLSearchParams(search));
      } catch (error) {
        if (!(error instanceof V4ParameterMissing)) throw error;
        response.status(400).json(errorEnvelope(CommonErrorCode.PARAMETER_MISSING, error.message));
        return;
      }
      if (v4) return this.authenticateAndForward(request, response, next, `${this.config.appUrls[v4.app]}${v4.path}`);
      request.url = `${rest}${search}`;
      return next();
    }
    if (!isAppName(app)) {
      response.status(404).json(errorEnvelope(CommonErrorCode.NOT_FOUND, `No app named "${app}" behind /ms/`));
      return;
    }
    if (rest.startsWith('/api/service/')) {
      response.status(403).json(errorEnvelope(CommonErrorCode.PERMISSION_DENIED, 'Service APIs are not reachable from outside'));
      return;
    }
    if (rest.startsWith('/api/build/')) return this.forwardBuild(request, response, `${this.config.appUrls[app]}${rest}${search}`);
    this.authenticateAndForward(request, response, next, `${this.config.appUrls[app]}${rest}${search}`);
  };

  /**
   * Build APIs (`/api/build/...`) are called by agents, not users: they carry the build's token,
   * which the app behind checks. The gateway only insists there is one.
   */
  private forwardBuild(request: Request, response: Response, target: string): void {
    if (!request.header(BUILD_TOKEN_HEADER)) {
      response.status(401).json(errorEnvelope(CommonErrorCode.UNAUTHENTICATED, `Build APIs need the build's token in ${BUILD_TOKEN_HEADER}`));
      return;
    }
    this.forward(request, response, target, this.serviceTokens.sign(BUILD_AGENT_CALLER));
  }

  private authenticateAndForward(request: Request, response: Response, next: NextFunction, target: string): void {
    this.authenticator.authenticate(request.header('authorization')).then((caller) => {
      if (!caller) return sendUnauthenticated(response);
      this.forward(request, response, target, this.serviceTokens.sign(caller));
    }, next);
  }

  private forward(request: Request, response: Response, target: string, serviceToken: string): void {
    const url = new URL(target);
    const headers: IncomingHttpHeaders = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (!DROPPED_REQUEST_HEADERS.has(name)) headers[name] = value;
    }
    headers[SERVICE_TOKEN_HEADER] = serviceToken;
    headers[REQUEST_ID_HEADER] = request.header(REQUEST_ID_HEADER) ?? randomUUID();
    headers['x-forwarded-for'] = [request.header('x-forwarded-for'), request.socket.remoteAddress].filter(Boolean).join(', ');
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const upstream = send(
      url,
      { method: request.method, headers, agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent },
      (answer) => {
        const responseHeaders = Object.fromEntries(
          Object.entries(answer.headers).filter(([name]) => !DROPPED_RESPONSE_HEADERS.has(name)),
        );
        response.writeHead(answer.statusCode ?? 502, responseHeaders);
        answer.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      this.logger.warn(`Forwarding to ${url.origin} failed: ${error.message}`);
      if (response.headersSent) return void response.destroy();
      response.status(502).json(errorEnvelope(CommonErrorCode.SERVICE_UNAVAILABLE, `${url.origin} is not answering; retry shortly`));
    });
    request.pipe(upstream);
  }
}
