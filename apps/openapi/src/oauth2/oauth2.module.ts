import { Module } from '@nestjs/common';
import { ThirdPartyAppsModule } from '../third-party-apps/third-party-apps.module';
import { DesktopOauth2EndpointController } from './desktop-oauth2-endpoint.controller';
import { Oauth2ClientSettingsEntity } from './entities/oauth2-client-settings.entity';
import { Oauth2CodeEntity } from './entities/oauth2-code.entity';
import { Oauth2TokenEntity } from './entities/oauth2-token.entity';
import { Oauth2AppCallAuthenticator } from './oauth2-app-call-authenticator';
import { Oauth2AuthorizationService } from './oauth2-authorization.service';
import { Oauth2ClientSettingsRepository } from './oauth2-client-settings.repository';
import { Oauth2ClientService } from './oauth2-client.service';
import { Oauth2CodeRepository } from './oauth2-code.repository';
import { Oauth2EndpointController } from './oauth2-endpoint.controller';
import { Oauth2EndpointService } from './oauth2-endpoint.service';
import { Oauth2TokenRepository } from './oauth2-token.repository';
import { Oauth2TokenService } from './oauth2-token.service';
import { OpOauth2ClientController } from './op-oauth2-client.controller';

export const OAUTH2_ENTITIES = [Oauth2ClientSettingsEntity, Oauth2CodeEntity, Oauth2TokenEntity];

/**
 * OAuth2, with the third-party apps as its clients. Exports Oauth2TokenService: the gateway
 * authenticates user-mode calls with its access tokens; Oauth2AppCallAuthenticator: app-mode calls.
 */
@Module({
  imports: [ThirdPartyAppsModule],
  controllers: [Oauth2EndpointController, DesktopOauth2EndpointController, OpOauth2ClientController],
  providers: [
    Oauth2ClientSettingsRepository,
    Oauth2CodeRepository,
    Oauth2TokenRepository,
    Oauth2ClientService,
    Oauth2TokenService,
    Oauth2AuthorizationService,
    Oauth2EndpointService,
    Oauth2AppCallAuthenticator,
  ],
  exports: [Oauth2TokenService, Oauth2AppCallAuthenticator],
})
export class Oauth2Module {}
