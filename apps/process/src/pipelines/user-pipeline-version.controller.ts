import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, Min } from 'class-validator';
import { Caller, CurrentCaller, RequirePermission } from '@bkci/auth';
import { PIPELINE_FROM_TEMPLATE_CONTROLLER, PIPELINE_VERSION_CALLS } from '@bkci/contracts';
import { CommonError, CommonErrorCode, Page, PageQueryDto } from '@bkci/core';
import { PipelineVersionPageDto } from './dto/pipeline-answer.dto';
import { PipelineDetail } from './dto/pipeline-draft.dto';
import { PipelineVersionDetail, PipelineVersionSummary, toVersionDetail } from './dto/pipeline.dto';
import { PipelineDraftService } from './pipeline-draft.service';
import { PipelineService } from './pipeline.service';

const versionPipe = new ParseIntPipe({
  exceptionFactory: () => new CommonError(CommonErrorCode.PARAMETER_INVALID, 'version must be an integer'),
});

export class RollbackQueryDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
}

/**
 * BK-CI's UserPipelineVersionResource, the reads (saveDraft and releaseVersion are
 * UserPipelineDraftController's; createPipelineWithTemplate is the templates feature's: it reads a
 * template). A version is a release or the draft; v4 `version/get_version` reaches `versions/:version`.
 */
@ApiTags('pipelines')
@Controller(PIPELINE_FROM_TEMPLATE_CONTROLLER)
export class UserPipelineVersionController {
  constructor(
    private readonly pipelines: PipelineService,
    private readonly drafts: PipelineDraftService,
  ) {}

  @Get('pipelines/:pipelineId/versions')
  @RequirePermission('pipeline_view')
  @ApiOkResponse({ type: PipelineVersionPageDto })
  list(
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<PipelineVersionSummary>> {
    return this.pipelines.listVersions(projectId, pipelineId, query.page, query.pageSize);
  }

  @Get(PIPELINE_VERSION_CALLS.version)
  @RequirePermission('pipeline_view')
  async get(
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Param('version', versionPipe) version: number,
  ): Promise<PipelineVersionDetail> {
    return toVersionDetail(await this.pipelines.getVersion(projectId, pipelineId, version));
  }

  /** BK-CI's getPipelineVersionDetail: the version to edit (the draft, else the latest release) and the release. */
  @Get(PIPELINE_VERSION_CALLS.detail)
  @RequirePermission('pipeline_view', { resourceParam: 'pipelineId' })
  detail(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string): Promise<PipelineDetail> {
    return this.drafts.detail(caller, projectId, pipelineId);
  }

  /** Whether the pipeline may go back to `version` (BK-CI asks for edit permission). */
  @Get('pipelines/:pipelineId/canRollback')
  @RequirePermission('pipeline_edit')
  @ApiOkResponse({ type: Boolean })
  canRollback(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Query() query: RollbackQueryDto): Promise<boolean> {
    return this.pipelines.canRollback(projectId, pipelineId, query.version);
  }
}
