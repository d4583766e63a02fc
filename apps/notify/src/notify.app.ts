import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { NOTIFY_MIGRATIONS } from '../../../migrations/notify';

const schema = { entities: [], migrations: NOTIFY_MIGRATIONS };

@Module({})
export class NotifyAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: NotifyAppModule, imports: [PlatformModule.forRoot(config, { schema })] };
  }
}

export const notifyApp: AppDefinition = { name: 'notify', schema, rootModule: (config) => NotifyAppModule.forRoot(config) };
