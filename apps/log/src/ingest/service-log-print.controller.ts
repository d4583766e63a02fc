import { Body, Controller, Headers, HttpCode, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireService } from '@bkci/auth';
import { LOG_PRINT, LOG_PRINT_MULTI, LOG_PRINT_STATUS_END, LOG_PRINT_STATUS_START, LOG_SERVICE_CONTROLLER } from '@bkci/contracts';
import { BATCH_ID_HEADER } from './batch-key';
import { BuildRef } from './build-locks';
import { LogMessageDto, ServicePrintQueryDto } from './dto/log-message.dto';
import { LogMessagesPipe } from './dto/log-messages.pipe';
import { ServiceLogStatusQueryDto, ServiceLogStatusUpdateQueryDto } from './dto/log-status.dto';
import { LogIngestService } from './log-ingest.service';
import { LogStatusService, parseStorageMode } from './log-status.service';
import { RetryAfterInterceptor } from './retry-after.interceptor';

const ref = (query: ServicePrintQueryDto): BuildRef => ({ buildId: query.buildId, projectId: query.projectId ?? null, pipelineId: query.pipelineId ?? null });

/** BK-CI's ServiceLogPrintResource: other apps (process's BuildLogPrinter) print to a build's log. */
@ApiTags('logs (service)')
@Controller(LOG_SERVICE_CONTROLLER)
@UseInterceptors(RetryAfterInterceptor)
export class ServiceLogPrintController {
  constructor(
    private readonly ingest: LogIngestService,
    private readonly statuses: LogStatusService,
  ) {}

  @Post(LOG_PRINT.path)
  @HttpCode(200)
  @RequireService()
  async addLogLine(@Query() query: ServicePrintQueryDto, @Body() message: LogMessageDto, @Headers(BATCH_ID_HEADER) batchId?: string): Promise<boolean> {
    await this.ingest.print({ build: ref(query), messages: [message], highlight: null, batchId });
    return true;
  }

  @Post(LOG_PRINT_MULTI.path)
  @HttpCode(200)
  @RequireService()
  async addLogMultiLine(
    @Query() query: ServicePrintQueryDto,
    @Body(new LogMessagesPipe()) messages: LogMessageDto[],
    @Headers(BATCH_ID_HEADER) batchId?: string,
  ): Promise<boolean> {
    await this.ingest.print({ build: ref(query), messages, highlight: null, batchId });
    return true;
  }

  /** A task's (or the build's) log starts. */
  @Post(LOG_PRINT_STATUS_START.path)
  @HttpCode(200)
  @RequireService()
  async addLogStatus(@Query() query: ServiceLogStatusQueryDto): Promise<boolean> {
    await this.statuses.setStatus(ref(query), query, false, parseStorageMode(query.logStorageMode ?? query.logMode));
    return true;
  }

  /** A task's (or the build's) log ends. BK-CI answers `false` here after doing the update, as on the build route. */
  @Put(LOG_PRINT_STATUS_END.path)
  @RequireService()
  async updateLogStatus(@Query() query: ServiceLogStatusUpdateQueryDto): Promise<boolean> {
    await this.statuses.setStatus(ref(query), query, query.finished, parseStorageMode(query.logStorageMode ?? query.logMode));
    return false;
  }
}
