import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { TICKET_MIGRATIONS } from '../../../migrations/ticket';
import { TICKET_CONFIG } from './ticket.config';
import { CERTIFICATE_ENTITIES, CertificatesModule } from './certs/certificates.module';
import { CREDENTIAL_ENTITIES, CredentialsModule } from './credentials/credentials.module';

const schema = { entities: [...CREDENTIAL_ENTITIES, ...CERTIFICATE_ENTITIES], migrations: TICKET_MIGRATIONS };

@Module({})
export class TicketAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: TicketAppModule, imports: [PlatformModule.forRoot(config, { schema, section: TICKET_CONFIG }), CredentialsModule, CertificatesModule] };
  }
}

export const ticketApp: AppDefinition = { name: 'ticket', schema, rootModule: (config) => TicketAppModule.forRoot(config) };
