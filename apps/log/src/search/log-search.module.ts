import { Module } from '@nestjs/common';
import { LogSearchService } from './log-search.service';
import { LogSearchStore } from './log-search.store';
import { SqlLogSearchRepository } from './sql-log-search.repository';
import { UserLogSearchController } from './user-log-search.controller';

@Module({
  controllers: [UserLogSearchController],
  providers: [LogSearchService, { provide: LogSearchStore, useClass: SqlLogSearchRepository }],
})
export class LogSearchModule {}
