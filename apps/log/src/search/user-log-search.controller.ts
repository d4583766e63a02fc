import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@bkci/auth';
import { LogSearchPage, LogSearchQueryDto, PipelineLogSearchQueryDto } from './dto/log-search.dto';
import { LogSearchService } from './log-search.service';

const ON_PIPELINE = { resourceParam: 'pipelineId' };

/** Search in a build's log, or in the pipeline's last builds (the console's search box). */
@ApiTags('logs')
@Controller('user/logs/:projectId/:pipelineId')
export class UserLogSearchController {
  constructor(private readonly search: LogSearchService) {}

  @Get('search')
  @RequirePermission('pipeline_view', ON_PIPELINE)
  searchPipeline(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Query() query: PipelineLogSearchQueryDto): Promise<LogSearchPage> {
    return this.search.searchPipeline(projectId, pipelineId, query);
  }

  @Get(':buildId/search')
  @RequirePermission('pipeline_view', ON_PIPELINE)
  searchBuild(
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Param('buildId') buildId: string,
    @Query() query: LogSearchQueryDto,
  ): Promise<LogSearchPage> {
    return this.search.searchBuild(projectId, pipelineId, buildId, query);
  }
}
