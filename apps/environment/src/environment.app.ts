import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { ENVIRONMENT_MIGRATIONS } from '../../../migrations/environment';
import { AGENT_ENTITIES, AgentsModule } from './agents/agents.module';
import { ENVIRONMENT_CONFIG } from './environment.config';
import { ENVIRONMENT_ENTITIES } from './environment.entities';
import { EnvironmentsModule } from './environments/environments.module';
import { NodesModule } from './nodes/nodes.module';

const schema = { entities: [...ENVIRONMENT_ENTITIES, ...AGENT_ENTITIES], migrations: ENVIRONMENT_MIGRATIONS };

@Module({})
export class EnvironmentAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: EnvironmentAppModule, imports: [PlatformModule.forRoot(config, { schema, section: ENVIRONMENT_CONFIG }), NodesModule, EnvironmentsModule, AgentsModule] };
  }
}

export const environmentApp: AppDefinition = { name: 'environment', schema, rootModule: (config) => EnvironmentAppModule.forRoot(config) };
