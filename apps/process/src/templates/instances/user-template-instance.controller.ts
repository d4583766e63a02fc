import { Body, Controller, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequirePermission } from '@bkci/auth';
import { Page } from '@bkci/core';
import { BatchItemsQueryDto, BatchListQueryDto, CompareYamlQueryDto, ListInstancesDto, VersionQueryDto } from './dto/instances-queries.dto';
import { InstancesRequestDto } from './dto/instances-request.dto';
import { InstanceListRow, InstanceListService } from './instance-list.service';
import { InstancePreviewService, InstanceUpdatePreview } from './instance-preview.service';
import { TemplateInstanceService, TemplateOperationRet } from './template-instance.service';

/**
 * BK-CI's user instances V2 API (`/user/template/instances/v2/projects/{projectId}`). Creating
 * instances needs pipeline create; updating them needs pipeline edit; reading needs template view.
 */
@ApiTags('template instances')
@Controller('user/template/instances/v2/projects/:projectId')
export class UserTemplateInstanceController {
  constructor(
    private readonly instances: TemplateInstanceService,
    private readonly previews: InstancePreviewService,
    private readonly lists: InstanceListService,
  ) {}

  @Post('templates/:templateId')
  @HttpCode(200)
  @RequirePermission('pipeline_create')
  create(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() { version }: VersionQueryDto, @Body() body: InstancesRequestDto): Promise<TemplateOperationRet> {
    return this.instances.instantiateNow(caller, projectId, templateId, version, 'CREATE', body);
  }

  @Put('templates/:templateId')
  @RequirePermission('pipeline_edit')
  update(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() { version }: VersionQueryDto, @Body() body: InstancesRequestDto): Promise<TemplateOperationRet> {
    return this.instances.instantiateNow(caller, projectId, templateId, version, 'UPDATE', body);
  }

  @Post('templates/async/:templateId')
  @HttpCode(200)
  @RequirePermission('pipeline_create')
  createAsync(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() { version }: VersionQueryDto, @Body() body: InstancesRequestDto): Promise<string> {
    return this.instances.submitBatch(caller, projectId, templateId, version, 'CREATE', body);
  }

  @Put('templates/:templateId/async/update')
  @RequirePermission('pipeline_edit')
  updateAsync(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() { version }: VersionQueryDto, @Body() body: InstancesRequestDto): Promise<string> {
    return this.instances.submitBatch(caller, projectId, templateId, version, 'UPDATE', body);
  }

  /** What an update to `version` would change per instance, three ways, before anything is written. */
  @Post('templates/:templateId/:version/preFetch')
  @HttpCode(200)
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  preview(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Param('version', ParseIntPipe) version: number, @Body() body: InstancesRequestDto): Promise<InstanceUpdatePreview[]> {
    return this.previews.previewUpdate(projectId, templateId, version, body.instanceReleaseInfos);
  }

  @Get('templates/:templateId')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  list(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: ListInstancesDto): Promise<Page<InstanceListRow>> {
    return this.lists.list(caller, projectId, templateId, query);
  }

  @Get(':templateId/compareYaml')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  compareYaml(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: CompareYamlQueryDto) {
    return this.previews.compareYaml(projectId, templateId, query.templateVersion, query.pipelineId);
  }

  @Get('task/:baseId/result')
  @RequirePermission('pipeline_template_view')
  result(@Param('projectId') projectId: string, @Param('baseId') baseId: string) {
    return this.instances.batch(projectId, baseId);
  }

  @Get('task/:baseId/detail')
  @RequirePermission('pipeline_template_view')
  detail(@Param('projectId') projectId: string, @Param('baseId') baseId: string, @Query() query: BatchItemsQueryDto) {
    return this.instances.batchItems(projectId, baseId, query.status, query);
  }

  @Get('templates/:templateId/task')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  tasks(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: BatchListQueryDto) {
    return this.instances.listBatches(projectId, templateId, query.status, query);
  }

  @Post('task/:baseId/retry')
  @HttpCode(200)
  @RequirePermission('pipeline_create')
  retry(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('baseId') baseId: string): Promise<string> {
    return this.instances.retry(caller, projectId, baseId);
  }
}
