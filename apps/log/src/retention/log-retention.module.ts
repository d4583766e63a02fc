import { Module } from '@nestjs/common';
import { LogRetentionScheduler } from './log-retention.scheduler';
import { LogRetentionService } from './log-retention.service';
import { LogRetentionStore } from './log-retention.store';
import { OpLogCleanController } from './op-log-clean.controller';
import { SqlLogRetentionRepository } from './sql-log-retention.repository';

@Module({
  controllers: [OpLogCleanController],
  providers: [LogRetentionService, LogRetentionScheduler, { provide: LogRetentionStore, useClass: SqlLogRetentionRepository }],
})
export class LogRetentionModule {}
