import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireService } from '@bkci/auth';
import { LOG_READ_SERVICE_CONTROLLER } from '@bkci/contracts';
import type { Response } from 'express';
import {
  AfterLogsQueryDto,
  DownloadLogsQueryDto,
  InitLogsQueryDto,
  LatestLogsQueryDto,
  LogModeQueryDto,
  MiddleLogsQueryDto,
  MoreLogsQueryDto,
} from './dto/log-query.dto';
import { QueryLogLineNum, QueryLogs, QueryLogStatus, QueryLogsText } from './log-answers';
import { sendDownload } from './log-download';
import { LogReadService, logScope } from './log-read.service';


/** BK-CI's /service/logs/{projectId}/{pipelineId}/{buildId} API: the user reads, for other apps. */
@ApiTags('logs (service)')
@Controller(LOG_READ_SERVICE_CONTROLLER)
@RequireService()
export class ServiceLogController {
  constructor(private readonly logs: LogReadService) {}

  @Get()
  init(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: InitLogsQueryDto): Promise<QueryLogs> {
    return this.logs.init(logScope(projectId, pipelineId, buildId), query);
  }

  @Get('more')
  more(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: MoreLogsQueryDto): Promise<QueryLogs> {
    return this.logs.more(logScope(projectId, pipelineId, buildId), query);
  }

  @Get('after')
  after(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: AfterLogsQueryDto): Promise<QueryLogs> {
    return this.logs.after(logScope(projectId, pipelineId, buildId), query);
  }

  @Get('latest')
  latest(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: LatestLogsQueryDto): Promise<QueryLogsText> {
    return this.logs.latest(logScope(projectId, pipelineId, buildId), query);
  }

  @Get('middle')
  middle(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: MiddleLogsQueryDto): Promise<QueryLogsText> {
    return this.logs.middle(logScope(projectId, pipelineId, buildId), query);
  }

  @Get('mode')
  mode(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: LogModeQueryDto): Promise<QueryLogStatus> {
    return this.logs.mode(logScope(projectId, pipelineId, buildId), query);
  }

  @Get('last_line_num')
  lastLineNum(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string): Promise<QueryLogLineNum> {
    return this.logs.lastLineNum(logScope(projectId, pipelineId, buildId));
  }

  @Get('download')
  async download(
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Param('buildId') buildId: string,
    @Query() query: DownloadLogsQueryDto,
    @Res() response: Response,
  ): Promise<void> {
    const { fileName, pages } = await this.logs.download(logScope(projectId, pipelineId, buildId), query);
    await sendDownload(response, fileName, pages);
  }
}
