import { Module } from '@nestjs/common';
import { EsLogSearchRepository } from '../elasticsearch/es-log-search.repository';
import { logStore } from '../log-storage';
import { LogSearchService } from './log-search.service';
import { LogSearchStore } from './log-search.store';
import { SqlLogSearchRepository } from './sql-log-search.repository';
import { UserLogSearchController } from './user-log-search.controller';

@Module({
  controllers: [UserLogSearchController],
  providers: [LogSearchService, logStore(LogSearchStore, (db) => new SqlLogSearchRepository(db), (db, es) => new EsLogSearchRepository(db, es))],
})
export class LogSearchModule {}
