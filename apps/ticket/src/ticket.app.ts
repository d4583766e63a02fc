import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { TICKET_MIGRATIONS } from '../../../migrations/ticket';

const schema = { entities: [], migrations: TICKET_MIGRATIONS };

@Module({})
export class TicketAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: TicketAppModule, imports: [PlatformModule.forRoot(config, { schema })] };
  }
}

export const ticketApp: AppDefinition = { name: 'ticket', schema, rootModule: (config) => TicketAppModule.forRoot(config) };
