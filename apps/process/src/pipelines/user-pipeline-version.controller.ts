import { Controller, Get, Param, ParseIntPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@bkci/auth';
import { CommonError, CommonErrorCode, Page, PageQueryDto } from '@bkci/core';
import { PipelineVersionDetail, PipelineVersionSummary, toVersionDetail } from './dto/pipeline.dto';
import { PipelineService } from './pipeline.service';

const versionPipe = new ParseIntPipe({
  exceptionFactory: () => new CommonError(CommonErrorCode.PARAMETER_INVALID, 'version must be an integer'),
});

/** BK-CI's UserPipelineVersionResource, the parts that exist without drafts and branches. */
@ApiTags('pipelines')
@Controller('user/version/projects/:projectId/pipelines/:pipelineId/versions')
export class UserPipelineVersionController {
  constructor(private readonly pipelines: PipelineService) {}

  @Get()
  @RequirePermission('pipeline_view')
  list(
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Query() query: PageQueryDto,
  ): Promise<Page<PipelineVersionSummary>> {
    return this.pipelines.listVersions(projectId, pipelineId, query.page, query.pageSize);
  }

  @Get(':version')
  @RequirePermission('pipeline_view')
  async get(
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Param('version', versionPipe) version: number,
  ): Promise<PipelineVersionDetail> {
    return toVersionDetail(await this.pipelines.getVersion(projectId, pipelineId, version));
  }
}
