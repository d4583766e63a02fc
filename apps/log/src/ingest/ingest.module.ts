import { Module } from '@nestjs/common';
import { EsLogWriteRepository } from '../elasticsearch/es-log-write.repository';
import { logStore } from '../log-storage';
import { BuildLocks } from './build-locks';
import { BuildLogPrintController } from './build-log-print.controller';
import { BuildStatusConsumer } from './build-status.consumer';
import { LogIngestService } from './log-ingest.service';
import { LogStatusService } from './log-status.service';
import { LogWriteStore } from './log-write.store';
import { PendingLines } from './pending-lines';
import { SensitiveValuesClient } from './sensitive-values.client';
import { ServiceLogPrintController } from './service-log-print.controller';
import { SqlLogWriteRepository } from './sql-log-write.repository';

/** The write path: lines, statuses and storage modes, from builds and from other apps. */
@Module({
  controllers: [BuildLogPrintController, ServiceLogPrintController, BuildStatusConsumer],
  providers: [
    logStore(LogWriteStore, () => new SqlLogWriteRepository(), (_db, es, config) => new EsLogWriteRepository(es, config)),
    BuildLocks,
    PendingLines,
    SensitiveValuesClient,
    LogIngestService,
    LogStatusService,
  ],
})
export class IngestModule {}
