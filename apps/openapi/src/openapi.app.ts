import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { OPENAPI_MIGRATIONS } from '../../../migrations/openapi';
import { CallMetricsModule } from './call-metrics/call-metrics.module';
import { AgentCredentialCacheConsumer } from './gateway/agent-credential-cache.consumer';
import { AgentCredentialVerifier } from './gateway/agent-credential-verifier';
import { AppProxy } from './gateway/app-proxy';
import { BearerAdmission } from './gateway/bearer-admission';
import { BearerAuthMiddleware } from './gateway/bearer-auth.middleware';
import { BuildTokenCacheConsumer } from './gateway/build-token-cache.consumer';
import { BuildTokenVerifier } from './gateway/build-token-verifier';
import { apiDocsRouter } from './docs/api-docs-page';
import { PublicApiDocument } from './docs/public-api-document';
import { GatewayAuthenticator } from './gateway/gateway-authenticator';
import { OAUTH2_ENTITIES, Oauth2Module } from './oauth2/oauth2.module';
import { PersonalAccessTokenEntity } from './tokens/entities/personal-access-token.entity';
import { PersonalAccessTokenCacheConsumer } from './tokens/personal-access-token-cache.consumer';
import { PersonalAccessTokenRepository } from './tokens/personal-access-token.repository';
import { PersonalAccessTokenService } from './tokens/personal-access-token.service';
import { TokenController } from './tokens/token.controller';
import { THIRD_PARTY_APP_ENTITIES, ThirdPartyAppsModule } from './third-party-apps/third-party-apps.module';
import { OPENAPI_CONFIG } from './openapi.config';
import { RateLimitsModule } from './rate-limits/rate-limits.module';

const schema = { entities: [PersonalAccessTokenEntity, ...THIRD_PARTY_APP_ENTITIES, ...OAUTH2_ENTITIES], migrations: OPENAPI_MIGRATIONS };

@Module({})
export class OpenapiAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: OpenapiAppModule,
      imports: [PlatformModule.forRoot(config, { schema, section: OPENAPI_CONFIG }), ThirdPartyAppsModule, Oauth2Module, CallMetricsModule.forRoot(config), RateLimitsModule.forRoot(config)],
      controllers: [TokenController, BuildTokenCacheConsumer, AgentCredentialCacheConsumer, PersonalAccessTokenCacheConsumer],
      providers: [
        PersonalAccessTokenRepository,
        PersonalAccessTokenService,
        GatewayAuthenticator,
        BearerAdmission,
        BearerAuthMiddleware,
        BuildTokenVerifier,
        AgentCredentialVerifier,
        AppProxy,
        PublicApiDocument,
      ],
    };
  }
}

/** The gateway authenticates users itself (bearer tokens) instead of expecting a service token. */
export const openapiApp: AppDefinition = {
  name: 'openapi',
  schema,
  rootModule: (config) => OpenapiAppModule.forRoot(config),
  createOptions: {
    before: (app) => {
      app.use(app.get(AppProxy).handle);
      app.use('/docs', apiDocsRouter(app));
    },
    authenticate: (app) => app.get(BearerAuthMiddleware),
  },
};
