import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { ENVIRONMENT_MIGRATIONS } from '../../../migrations/environment';

const schema = { entities: [], migrations: ENVIRONMENT_MIGRATIONS };

@Module({})
export class EnvironmentAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: EnvironmentAppModule, imports: [PlatformModule.forRoot(config, { schema })] };
  }
}

export const environmentApp: AppDefinition = { name: 'environment', schema, rootModule: (config) => EnvironmentAppModule.forRoot(config) };
