import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@bkci/auth';
import { USER_LOG_READS, USER_LOGS_CONTROLLER } from '@bkci/contracts';
import type { Response } from 'express';
import {
  AfterLogsQueryDto,
  DownloadLogsQueryDto,
  InitLogsQueryDto,
  LatestLogsQueryDto,
  LogModeQueryDto,
  LogStreamQueryDto,
  MiddleLogsQueryDto,
  MoreLogsQueryDto,
} from './dto/log-query.dto';
import { QueryLogLineNumDto, QueryLogsDto, QueryLogStatusDto, QueryLogsTextDto } from './dto/log-answer.dto';
import { QueryLogLineNum, QueryLogs, QueryLogStatus, QueryLogsText } from './log-answers';
import { sendDownload } from './log-download';
import { LogReadService, logScope } from './log-read.service';
import { LogTailService } from './log-tail.service';

const VIEW = { resourceParam: 'pipelineId' };


/** BK-CI's /user/logs/{projectId}/{pipelineId}/{buildId} API, and the live tail the console can use instead of polling `after`. */
@ApiTags('logs')
@Controller(USER_LOGS_CONTROLLER)
export class UserLogController {
  constructor(
    private readonly logs: LogReadService,
    private readonly tails: LogTailService,
  ) {}

  @Get(USER_LOG_READS.init)
  @RequirePermission('pipeline_view', VIEW)
  @ApiOkResponse({ type: QueryLogsDto })
  init(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: InitLogsQueryDto): Promise<QueryLogs> {
    return this.logs.init(logScope(projectId, pipelineId, buildId), query);
  }

  @Get(USER_LOG_READS.more)
  @RequirePermission('pipeline_view', VIEW)
  @ApiOkResponse({ type: QueryLogsDto })
  more(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: MoreLogsQueryDto): Promise<QueryLogs> {
    return this.logs.more(logScope(projectId, pipelineId, buildId), query);
  }

  @Get(USER_LOG_READS.after)
  @RequirePermission('pipeline_view', VIEW)
  @ApiOkResponse({ type: QueryLogsDto })
  after(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: AfterLogsQueryDto): Promise<QueryLogs> {
    return this.logs.after(logScope(projectId, pipelineId, buildId), query);
  }

  @Get('latest')
  @RequirePermission('pipeline_view', VIEW)
  @ApiOkResponse({ type: QueryLogsTextDto })
  latest(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: LatestLogsQueryDto): Promise<QueryLogsText> {
    return this.logs.latest(logScope(projectId, pipelineId, buildId), query);
  }

  @Get('middle')
  @RequirePermission('pipeline_view', VIEW)
  @ApiOkResponse({ type: QueryLogsTextDto })
  middle(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: MiddleLogsQueryDto): Promise<QueryLogsText> {
    return this.logs.middle(logScope(projectId, pipelineId, buildId), query);
  }

  @Get(USER_LOG_READS.mode)
  @RequirePermission('pipeline_view', VIEW)
  @ApiOkResponse({ type: QueryLogStatusDto })
  mode(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: LogModeQueryDto): Promise<QueryLogStatus> {
    return this.logs.mode(logScope(projectId, pipelineId, buildId), query);
  }

  @Get(USER_LOG_READS.lastLineNum)
  @RequirePermission('pipeline_view', VIEW)
  @ApiOkResponse({ type: QueryLogLineNumDto })
  lastLineNum(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string): Promise<QueryLogLineNum> {
    return this.logs.lastLineNum(logScope(projectId, pipelineId, buildId));
  }

  /** The whole log as a file, streamed page by page. */
  @Get(USER_LOG_READS.download)
  @RequirePermission('pipeline_download', VIEW)
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

  /** Server-Sent Events: `id` is the line number, `data` the LogLine; `event: end` once the log is finished. */
  @Get('stream')
  @RequirePermission('pipeline_view', VIEW)
  async stream(
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Param('buildId') buildId: string,
    @Query() query: LogStreamQueryDto,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    response.status(200).set({ 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-accel-buffering': 'no' });
    response.flushHeaders();
    await this.tails.tail(logScope(projectId, pipelineId, buildId), query, lastEventId, response);
  }
}
