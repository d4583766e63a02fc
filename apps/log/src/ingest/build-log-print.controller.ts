import { Body, Controller, Headers, HttpCode, Post, Put, Query, UseInterceptors } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BuildIdentity, CurrentBuild, RequireBuild } from '@bkci/auth';
import { ArrayBodyPipe } from '@bkci/core';
import { BATCH_ID_HEADER } from './batch-key';
import { BuildRef } from './build-locks';
import { ExecuteCountQueryDto, LogMessageDto } from './dto/log-message.dto';
import { LogStatusQueryDto, LogStatusUpdateQueryDto, TaskBuildLogPropertyDto } from './dto/log-status.dto';
import { LogMessagesPipe } from './dto/log-messages.pipe';
import { LogIngestService } from './log-ingest.service';
import { LogStatusService, parseStorageMode } from './log-status.service';
import { RetryAfterInterceptor } from './retry-after.interceptor';

const ref = (build: BuildIdentity): BuildRef => ({ buildId: build.buildId, projectId: build.projectId, pipelineId: build.pipelineId });

/**
 * BK-CI's BuildLogPrintResource: a running build writes its own log (the build comes from its
 * token, never from the request). Answers are BK-CI's `Result<Boolean>`.
 */
@ApiTags('logs (build)')
@Controller('build/logs')
@UseInterceptors(RetryAfterInterceptor)
export class BuildLogPrintController {
  constructor(
    private readonly ingest: LogIngestService,
    private readonly statuses: LogStatusService,
  ) {}

  @Post()
  @HttpCode(200)
  @RequireBuild()
  async addLogLine(@CurrentBuild() build: BuildIdentity, @Body() message: LogMessageDto, @Headers(BATCH_ID_HEADER) batchId?: string): Promise<boolean> {
    await this.ingest.print({ build: ref(build), messages: [message], highlight: null, batchId });
    return true;
  }

  @Post('red')
  @HttpCode(200)
  @RequireBuild()
  async addRedLogLine(@CurrentBuild() build: BuildIdentity, @Body() message: LogMessageDto, @Headers(BATCH_ID_HEADER) batchId?: string): Promise<boolean> {
    await this.ingest.print({ build: ref(build), messages: [message], highlight: 'red', batchId });
    return true;
  }

  @Post('yellow')
  @HttpCode(200)
  @RequireBuild()
  async addYellowLogLine(@CurrentBuild() build: BuildIdentity, @Body() message: LogMessageDto, @Headers(BATCH_ID_HEADER) batchId?: string): Promise<boolean> {
    await this.ingest.print({ build: ref(build), messages: [message], highlight: 'yellow', batchId });
    return true;
  }

  @Post('multi')
  @HttpCode(200)
  @RequireBuild()
  async addLogMultiLine(
    @CurrentBuild() build: BuildIdentity,
    @Body(new LogMessagesPipe()) messages: LogMessageDto[],
    @Headers(BATCH_ID_HEADER) batchId?: string,
  ): Promise<boolean> {
    await this.ingest.print({ build: ref(build), messages, highlight: null, batchId });
    return true;
  }

  /** A task's (or the build's) log starts. */
  @Post('status')
  @HttpCode(200)
  @RequireBuild()
  async addLogStatus(@CurrentBuild() build: BuildIdentity, @Query() query: LogStatusQueryDto): Promise<boolean> {
    await this.statuses.setStatus(ref(build), query, false, parseStorageMode(query.logMode));
    return true;
  }

  /** A task's (or the build's) log ends. BK-CI answers `false` here after doing the update; so do we. */
  @Put('status')
  @RequireBuild()
  async updateLogStatus(@CurrentBuild() build: BuildIdentity, @Query() query: LogStatusUpdateQueryDto): Promise<boolean> {
    await this.statuses.setStatus(ref(build), query, query.finished, parseStorageMode(query.logMode));
    return false;
  }

  @Post('mode')
  @HttpCode(200)
  @RequireBuild()
  async updateLogStorageMode(
    @CurrentBuild() build: BuildIdentity,
    @Query() query: ExecuteCountQueryDto,
    @Body(new ArrayBodyPipe(TaskBuildLogPropertyDto)) properties: TaskBuildLogPropertyDto[],
  ): Promise<boolean> {
    await this.statuses.setModes(ref(build), query.executeCount, properties);
    return true;
  }
}
