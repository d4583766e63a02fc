import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { LOG_MIGRATIONS } from '../../../migrations/log';
import { LogBatchEntity } from './entities/log-batch.entity';
import { LogBuildEntity } from './entities/log-build.entity';
import { LogLineEntity } from './entities/log-line.entity';
import { LogStatusEntity } from './entities/log-status.entity';
import { LogSubTagEntity } from './entities/log-sub-tag.entity';
import { LogTaskLinesEntity } from './ingest/entities/log-task-lines.entity';
import { IngestModule } from './ingest/ingest.module';
import { LOG_CONFIG } from './log.config';
import { ReadingModule } from './reading/reading.module';
import { LogRetentionModule } from './retention/log-retention.module';
import { LogSearchModule } from './search/log-search.module';

export const LOG_ENTITIES = [LogBuildEntity, LogLineEntity, LogBatchEntity, LogStatusEntity, LogSubTagEntity, LogTaskLinesEntity];

const schema = { entities: LOG_ENTITIES, migrations: LOG_MIGRATIONS };

@Module({})
export class LogAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: LogAppModule,
      // The search module before reading: its pipeline-wide `…/{pipelineId}/search` must not be taken for a build id.
      imports: [PlatformModule.forRoot(config, { schema, section: LOG_CONFIG }), IngestModule, LogSearchModule, LogRetentionModule, ReadingModule],
    };
  }
}

export const logApp: AppDefinition = { name: 'log', schema, rootModule: (config) => LogAppModule.forRoot(config) };
