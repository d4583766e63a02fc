import { Module } from '@nestjs/common';
import { BuildTokenRepository } from '../builds/build-token.repository';
import { BuildTokenService } from '../builds/build-token.service';
import { BuildTokenEntity } from '../builds/entities/build-token.entity';
import { ServiceBuildTokenController } from '../builds/service-build-token.controller';
import { EnvelopeCipher, MasterKeyring } from '@bkci/secrets';
import { BuildCredentialController } from './build-credential.controller';
import { CredentialAuditRepository } from './credential-audit.repository';
import { CredentialAuditService } from './credential-audit.service';
import { CredentialReader } from './credential-reader';
import { SecretVault } from '../crypto/secret-vault';
import { TICKET_CONFIG, TicketConfig } from '../ticket.config';
import { CredentialRepository } from './credential.repository';
import { CredentialService } from './credential.service';
import { CredentialAuditEntity } from './entities/credential-audit.entity';
import { CredentialEntity } from './entities/credential.entity';
import { ServiceCredentialController } from './service-credential.controller';
import { UserCredentialAuditController, UserCredentialController } from './user-credential.controller';

/** The tables of this module, for the app's schema (the repositories reach them through the app's DataSource). */
export const CREDENTIAL_ENTITIES = [CredentialEntity, CredentialAuditEntity, BuildTokenEntity];

@Module({
  controllers: [
    UserCredentialController,
    UserCredentialAuditController,
    ServiceCredentialController,
    ServiceBuildTokenController,
    BuildCredentialController,
  ],
  providers: [
    {
      provide: EnvelopeCipher,
      inject: [TICKET_CONFIG.token],
      useFactory: (config: TicketConfig) => new EnvelopeCipher(new MasterKeyring(config.keyring)),
    },
    SecretVault,
    CredentialRepository,
    CredentialAuditRepository,
    BuildTokenRepository,
    CredentialService,
    CredentialReader,
    CredentialAuditService,
    BuildTokenService,
  ],
  exports: [SecretVault, CredentialReader, BuildTokenService],
})
export class CredentialsModule {}
