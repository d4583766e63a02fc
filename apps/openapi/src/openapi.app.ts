import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { OPENAPI_MIGRATIONS } from '../../../migrations/openapi';
import { AgentCredentialCacheConsumer } from './gateway/agent-credential-cache.consumer';
import { AgentCredentialVerifier } from './gateway/agent-credential-verifier';
import { AppProxy } from './gateway/app-proxy';
import { BearerAuthMiddleware } from './gateway/bearer-auth.middleware';
import { BuildTokenCacheConsumer } from './gateway/build-token-cache.consumer';
import { BuildTokenVerifier } from './gateway/build-token-verifier';
import { GatewayAuthenticator } from './gateway/gateway-authenticator';
import { OAUTH2_ENTITIES, Oauth2Module } from './oauth2/oauth2.module';
import { PersonalAccessTokenEntity } from './tokens/entities/personal-access-token.entity';
import { PersonalAccessTokenRepository } from './tokens/personal-access-token.repository';
import { PersonalAccessTokenService } from './tokens/personal-access-token.service';
import { TokenController } from './tokens/token.controller';
import { THIRD_PARTY_APP_ENTITIES, ThirdPartyAppsModule } from './third-party-apps/third-party-apps.module';
import { OPENAPI_CONFIG } from './openapi.config';

const schema = { entities: [PersonalAccessTokenEntity, ...THIRD_PARTY_APP_ENTITIES, ...OAUTH2_ENTITIES], migrations: OPENAPI_MIGRATIONS };

@Module({})
export class OpenapiAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: OpenapiAppModule,
      imports: [PlatformModule.forRoot(config, { schema, section: OPENAPI_CONFIG }), ThirdPartyAppsModule, Oauth2Module],
      controllers: [TokenController, BuildTokenCacheConsumer, AgentCredentialCacheConsumer],
      providers: [PersonalAccessTokenRepository, PersonalAccessTokenService, GatewayAuthenticator, BearerAuthMiddleware, BuildTokenVerifier, AgentCredentialVerifier, AppProxy],
    };
  }
}

/** The gateway authenticates users itself (bearer tokens) instead of expecting a service token. */
export const openapiApp: AppDefinition = {
  name: 'openapi',
  schema,
  rootModule: (config) => OpenapiAppModule.forRoot(config),
  createOptions: {
    before: (app) => app.use(app.get(AppProxy).handle),
    authenticate: (app) => app.get(BearerAuthMiddleware),
  },
};
