import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { LOG_MIGRATIONS } from '../../../migrations/log';

const schema = { entities: [], migrations: LOG_MIGRATIONS };

@Module({})
export class LogAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: LogAppModule, imports: [PlatformModule.forRoot(config, { schema })] };
  }
}

export const logApp: AppDefinition = { name: 'log', schema, rootModule: (config) => LogAppModule.forRoot(config) };
