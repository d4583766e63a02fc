import { Inject, Injectable } from '@nestjs/common';
import type { OpenAPIObject } from '@nestjs/swagger';
import { GATEWAY_SERVICE_ISSUER, SERVICE_TOKEN_HEADER, ServiceTokens } from '@bkci/auth';
import { APP_CONFIG, APP_NAMES, AppConfig } from '@bkci/config';
import { CommonError, CommonErrorCode } from '@bkci/core';
import { describeV4Calls } from '../gateway/v4/openapi-v4-routes';
import { AppDocument, buildPublicDocument } from './public-document';

/** How long a built document is served before the apps are asked again (a redeployed app may have new routes). */
const FRESH_MS = 60_000;
const FETCH_TIMEOUT_MS = 10_000;

/**
 * The document of every public route (buildPublicDocument), made from the apps' own documents,
 * which each app serves at `/api/docs-json` to a service token. The apps are asked over HTTP in
 * both profiles, so it is the same whether they run in this process or in others.
 */
@Injectable()
export class PublicApiDocument {
  private built: { document: OpenAPIObject; at: number } | null = null;
  private building: Promise<OpenAPIObject> | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly serviceTokens: ServiceTokens,
  ) {}

  /** `gatewayDocument` is the gateway's own document (its token routes), made in this process. */
  async current(gatewayDocument: () => OpenAPIObject): Promise<OpenAPIObject> {
    if (this.built && Date.now() - this.built.at < FRESH_MS) return this.built.document;
    this.building ??= this.build(gatewayDocument).finally(() => {
      this.building = null;
    });
    return this.building;
  }

  private async build(gatewayDocument: () => OpenAPIObject): Promise<OpenAPIObject> {
    const apps = APP_NAMES.filter((app) => app !== 'openapi');
    const fetched = await Promise.all(apps.map(async (app): Promise<AppDocument> => ({ app, document: await this.fetchDocument(app) })));
    const document = buildPublicDocument([{ app: 'openapi', document: gatewayDocument() }, ...fetched], describeV4Calls());
    this.built = { document, at: Date.now() };
    return document;
  }

  private async fetchDocument(app: AppDocument['app']): Promise<OpenAPIObject> {
    const token = this.serviceTokens.sign({ userId: 'api-docs', issuer: GATEWAY_SERVICE_ISSUER, appCode: null, admin: false });
    try {
      const response = await fetch(`${this.config.appUrls[app]}/api/docs-json`, {
        headers: { [SERVICE_TOKEN_HEADER]: token },
        signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return (await response.json()) as OpenAPIObject;
    } catch (error) {
      throw new CommonError(CommonErrorCode.SERVICE_UNAVAILABLE, `The ${app} app did not send its API document (${String(error)}); retry shortly`);
    }
  }
}
