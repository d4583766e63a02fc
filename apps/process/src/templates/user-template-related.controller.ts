import { Controller, Get, Param, ParseIntPipe } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '@bkci/auth';
import { TemplateDetails } from './template-details';
import { TemplatePipelineRefInfo, TemplateRelatedService } from './template-related.service';

/** BK-CI's "which template does this pipeline version follow" (templates V2, on a pipeline: needs pipeline view). */
@ApiTags('templates')
@Controller('user/pipeline/template/v2/:projectId/pipelines/:pipelineId/versions/:version/related')
export class UserTemplateRelatedController {
  constructor(private readonly related: TemplateRelatedService) {}

  @Get('details')
  @RequirePermission('pipeline_view', { resourceParam: 'pipelineId' })
  details(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('version', ParseIntPipe) version: number): Promise<TemplateDetails | null> {
    return this.related.details(projectId, pipelineId, version);
  }

  @Get('info')
  @RequirePermission('pipeline_view', { resourceParam: 'pipelineId' })
  info(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('version', ParseIntPipe) version: number): Promise<TemplatePipelineRefInfo | null> {
    return this.related.info(projectId, pipelineId, version);
  }
}
