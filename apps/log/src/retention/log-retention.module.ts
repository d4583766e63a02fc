import { Module } from '@nestjs/common';
import { EsLogRetentionRepository } from '../elasticsearch/es-log-retention.repository';
import { logStore } from '../log-storage';
import { LogRetentionScheduler } from './log-retention.scheduler';
import { LogRetentionService } from './log-retention.service';
import { LogRetentionStore } from './log-retention.store';
import { OpLogCleanController } from './op-log-clean.controller';
import { SqlLogRetentionRepository } from './sql-log-retention.repository';

@Module({
  controllers: [OpLogCleanController],
  providers: [LogRetentionService, LogRetentionScheduler, logStore(LogRetentionStore, (db) => new SqlLogRetentionRepository(db), (db, es) => new EsLogRetentionRepository(db, es))],
})
export class LogRetentionModule {}
