import { Module } from '@nestjs/common';
import { EsLogReadRepository } from '../elasticsearch/es-log-read.repository';
import { logStore } from '../log-storage';
import { BuildLogController } from './build-log.controller';
import { LogReadService } from './log-read.service';
import { LogReadStore } from './log-read.store';
import { LogTailConsumer } from './log-tail.consumer';
import { LogTailHub } from './log-tail.hub';
import { LogTailService } from './log-tail.service';
import { ServiceLogController } from './service-log.controller';
import { SqlLogReadRepository } from './sql-log-read.repository';
import { UserLogController } from './user-log.controller';

/** Reading build logs: BK-CI's read API (user, service, build, OpenAPI v4 through the gateway) and the live tail. */
@Module({
  controllers: [UserLogController, ServiceLogController, BuildLogController, LogTailConsumer],
  providers: [logStore(LogReadStore, (db) => new SqlLogReadRepository(db), (db, es) => new EsLogReadRepository(db, es)), LogReadService, LogTailHub, LogTailService],
})
export class ReadingModule {}
