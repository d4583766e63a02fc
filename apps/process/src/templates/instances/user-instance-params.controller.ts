import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequirePermission } from '@bkci/auth';
import { RefQueryDto } from '../dto/template-queries.dto';
import { CompareInstanceQueryDto, VersionQueryDto } from './dto/instances-queries.dto';
import { TemplateInstanceParams } from './instance-params';
import { InstanceParamsService } from './instance-params.service';
import { InstanceComparison, InstancePreviewService } from './instance-preview.service';

/** More of BK-CI's user instances V2 API: what the instance form loads, and an instance beside its template. */
@ApiTags('template instances')
@Controller('user/template/instances/v2/projects/:projectId')
export class UserInstanceParamsController {
  constructor(
    private readonly params: InstanceParamsService,
    private readonly previews: InstancePreviewService,
  ) {}

  /** The body is BK-CI's Set<String> of pipeline ids. */
  @Post('templates/:templateId/pipelines')
  @HttpCode(200)
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  byPipelines(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('templateId') templateId: string,
    @Query() { version }: VersionQueryDto,
    @Body() pipelineIds: unknown,
  ): Promise<Record<string, TemplateInstanceParams>> {
    return this.params.byPipelines(caller, projectId, templateId, version, pipelineIds);
  }

  @Get('templates/:templateId/templateParamsById')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  byVersion(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() { version }: VersionQueryDto): Promise<TemplateInstanceParams> {
    return this.params.byVersion(projectId, templateId, version);
  }

  @Get('templates/:templateId/templateParamsByRef')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  byRef(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() { ref }: RefQueryDto): Promise<TemplateInstanceParams> {
    return this.params.byRef(projectId, templateId, ref);
  }

  @Get(':templateId/compare')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  compare(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: CompareInstanceQueryDto): Promise<InstanceComparison> {
    return this.previews.compareWithTemplate(caller, projectId, templateId, query.pipelineId, query.comparedVersion);
  }
}
