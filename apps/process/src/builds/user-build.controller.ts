import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequirePermission } from '@bkci/auth';
import { CommonError, CommonErrorCode } from '@bkci/core';
import { BuildCancelService } from './build-cancel.service';
import { BuildQueryService } from './build-query.service';
import { BuildId, BuildManualStartupInfo, BuildStartService } from './build-start.service';
import { BuildHistoryPage, BuildHistoryQueryDto, BuildHistoryWithVars, ModelDetail, StartBuildQueryDto } from './dto/build.dto';

/** BK-CI's UserBuildResource (`/user/builds`). */
@ApiTags('builds')
@Controller('user/builds')
export class UserBuildController {
  constructor(
    private readonly starts: BuildStartService,
    private readonly queries: BuildQueryService,
    private readonly cancels: BuildCancelService,
  ) {}

  /** The body is BK-CI's `Map<String, String>` of start values; none at all is an empty map. */
  @Post(':projectId/:pipelineId')
  @HttpCode(200)
  @RequirePermission('pipeline_execute')
  start(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Query() query: StartBuildQueryDto,
    @Body() body: unknown,
  ): Promise<BuildId> {
    const values = body ?? {};
    if (typeof values !== 'object' || Array.isArray(values)) {
      throw new CommonError(CommonErrorCode.PARAMETER_INVALID, 'The body must be a JSON object of start values (param id → value)');
    }
    return this.starts.manualStart(caller, projectId, pipelineId, { values: values as Record<string, unknown>, buildNo: query.buildNo, version: query.version });
  }

  /** BK-CI asks for execute permission here, not view: it is the start form. */
  @Get(':projectId/:pipelineId/manualStartupInfo')
  @RequirePermission('pipeline_execute')
  manualStartupInfo(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Query() query: StartBuildQueryDto): Promise<BuildManualStartupInfo> {
    return this.starts.startupInfo(projectId, pipelineId, query.version);
  }

  /** Declared before `:buildId/status`'s siblings, which would take `history` for a build id. */
  @Get(':projectId/:pipelineId/history')
  @RequirePermission('pipeline_view')
  history(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Query() query: BuildHistoryQueryDto): Promise<BuildHistoryPage> {
    return this.queries.history(projectId, pipelineId, query);
  }

  @Get(':projectId/:pipelineId/:buildId/status')
  @RequirePermission('pipeline_view')
  status(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string): Promise<BuildHistoryWithVars> {
    return this.queries.status(projectId, pipelineId, buildId);
  }

  @Get(':projectId/:pipelineId/:buildId/detail')
  @RequirePermission('pipeline_view')
  detail(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string): Promise<ModelDetail> {
    return this.queries.detail(projectId, pipelineId, buildId);
  }

  /** BK-CI's manualShutdown (`DELETE …/{buildId}/`): the engine cancels the build once it takes the event. */
  @Delete(':projectId/:pipelineId/:buildId')
  @RequirePermission('pipeline_execute')
  async stop(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string): Promise<boolean> {
    await this.cancels.cancel(caller, projectId, pipelineId, buildId);
    return true;
  }
}
