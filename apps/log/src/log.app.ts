import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { LOG_MIGRATIONS } from '../../../migrations/log';
import { LogBatchEntity } from './entities/log-batch.entity';
import { LogBuildEntity } from './entities/log-build.entity';
import { LogLineEntity } from './entities/log-line.entity';
import { LogStatusEntity } from './entities/log-status.entity';
import { LogSubTagEntity } from './entities/log-sub-tag.entity';
import { LOG_CONFIG } from './log.config';
import { ReadingModule } from './reading/reading.module';
import { LogRetentionModule } from './retention/log-retention.module';
import { LogSearchModule } from './search/log-search.module';

export const LOG_ENTITIES = [LogBuildEntity, LogLineEntity, LogBatchEntity, LogStatusEntity, LogSubTagEntity];

const schema = { entities: LOG_ENTITIES, migrations: LOG_MIGRATIONS };

@Module({})
export class LogAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    // Search before reading: its `user/logs/{p}/{pl}/search` would otherwise be read as the init route of a build named "search".
    return { module: LogAppModule, imports: [PlatformModule.forRoot(config, { schema, section: LOG_CONFIG }), LogSearchModule, LogRetentionModule, ReadingModule] };
  }
}

export const logApp: AppDefinition = { name: 'log', schema, rootModule: (config) => LogAppModule.forRoot(config) };
