import { Module } from '@nestjs/common';
import { AppCallAuthenticator } from './app-call-authenticator';
import { AppCodeProjectRepository } from './app-code-project.repository';
import { AppCodeProjectService } from './app-code-project.service';
import { AppCodeProjectEntity } from './entities/app-code-project.entity';
import { ThirdPartyAppSecretEntity } from './entities/third-party-app-secret.entity';
import { ThirdPartyAppEntity } from './entities/third-party-app.entity';
import { OpAppCodeProjectController } from './op-app-code-project.controller';
import { OpThirdPartyAppController } from './op-third-party-app.controller';
import { ThirdPartyAppRepository } from './third-party-app.repository';
import { ThirdPartyAppService } from './third-party-app.service';
import { UserProjectAppController } from './user-project-app.controller';

export const THIRD_PARTY_APP_ENTITIES = [ThirdPartyAppEntity, ThirdPartyAppSecretEntity, AppCodeProjectEntity];

/**
 * Exports AppCallAuthenticator: the gateway's proxy admits app-mode calls with it; ThirdPartyAppService:
 * its verifySecret is how any way in for an app (OAuth2 clients too) checks the app's credentials.
 */
@Module({
  controllers: [OpThirdPartyAppController, OpAppCodeProjectController, UserProjectAppController],
  providers: [ThirdPartyAppRepository, AppCodeProjectRepository, ThirdPartyAppService, AppCodeProjectService, AppCallAuthenticator],
  exports: [AppCallAuthenticator, ThirdPartyAppService],
})
export class ThirdPartyAppsModule {}
