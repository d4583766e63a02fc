import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { QUALITY_MIGRATIONS } from '../../../migrations/quality';

const schema = { entities: [], migrations: QUALITY_MIGRATIONS };

@Module({})
export class QualityAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return { module: QualityAppModule, imports: [PlatformModule.forRoot(config, { schema })] };
  }
}

export const qualityApp: AppDefinition = { name: 'quality', schema, rootModule: (config) => QualityAppModule.forRoot(config) };
