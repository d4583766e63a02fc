import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { BuildIdentity, CurrentBuild, RequireBuild } from '@bkci/auth';
import { CommonError, CommonErrorCode } from '@bkci/core';
import { AfterLogsQueryDto, LogFilterQueryDto } from './dto/log-query.dto';
import { QueryLogs } from './log-answers';
import { LogReadService, LogScope } from './log-read.service';

/** The build a path names, which must be the caller's own: a build reads its own log only. */
function ownBuild(caller: BuildIdentity, projectId: string, pipelineId: string, buildId: string): LogScope {
  if (caller.projectId !== projectId || caller.pipelineId !== pipelineId || caller.buildId !== buildId) {
    throw new CommonError(CommonErrorCode.PERMISSION_DENIED, `A build reads its own log only; this token is for build ${caller.buildId}`);
  }
  return { projectId, pipelineId, buildId };
}

/** BK-CI's /build/logs/{projectId}/{pipelineId}/{buildId} reads, for a running build (plugins read earlier lines). */
@ApiTags('logs (build)')
@Controller('build/logs/:projectId/:pipelineId/:buildId')
@RequireBuild()
export class BuildLogController {
  constructor(private readonly logs: LogReadService) {}

  @Get()
  init(@CurrentBuild() build: BuildIdentity, @Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: LogFilterQueryDto): Promise<QueryLogs> {
    return this.logs.init(ownBuild(build, projectId, pipelineId, buildId), query);
  }

  @Get('after')
  after(@CurrentBuild() build: BuildIdentity, @Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: AfterLogsQueryDto): Promise<QueryLogs> {
    return this.logs.after(ownBuild(build, projectId, pipelineId, buildId), query);
  }
}
