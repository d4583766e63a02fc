import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAuthenticated, RequirePermission } from '@bkci/auth';
import { Page } from '@bkci/core';
import { ListTemplatesDto, PermissionQueryDto, PreviewQueryDto } from './dto/template-queries.dto';
import { Source2Count, TemplateOverviewService, TemplateSimpleRow } from './template-overview.service';
import { TemplatePreviewDetail, TemplatePreviewService } from './template-preview.service';

/**
 * More of BK-CI's user templates V2 API (`/user/pipeline/template/v2/{projectId}`): what the list
 * page's sidebar, header and dialogs ask. Counts and lists cover the templates the caller may list.
 */
@ApiTags('templates')
@Controller('user/pipeline/template/v2/:projectId')
export class UserTemplateOverviewController {
  constructor(
    private readonly overview: TemplateOverviewService,
    private readonly previews: TemplatePreviewService,
  ) {}

  /** A permission question: anyone may ask it about themselves; the answer is the check. */
  @Get('hasPipelineTemplatePermission')
  @RequireAuthenticated()
  hasPermission(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: PermissionQueryDto): Promise<boolean> {
    return this.overview.hasPermission(caller, projectId, query.templateId, query.permission);
  }

  /** Always on here: templates have groups of their own (RESOURCE_GROUPS), and the list follows them. */
  @ApiParam({ name: 'projectId' })
  @Get('enableTemplatePermissionManage')
  @RequireAuthenticated()
  enablePermissionManage(): boolean {
    return true;
  }

  @Get('getType2Count')
  @RequireAuthenticated()
  type2Count(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string): Promise<Record<string, number>> {
    return this.overview.type2Count(caller, projectId);
  }

  @Post('getSource2Count')
  @HttpCode(200)
  @RequireAuthenticated()
  source2Count(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() condition: ListTemplatesDto): Promise<Source2Count> {
    return this.overview.source2Count(caller, projectId, condition);
  }

  @Post('list/simple')
  @HttpCode(200)
  @RequireAuthenticated()
  simpleList(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() condition: ListTemplatesDto): Promise<Page<TemplateSimpleRow>> {
    return this.overview.simpleList(caller, projectId, condition);
  }

  @Get(':templateId/operatorList')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  operators(@Param('projectId') projectId: string, @Param('templateId') templateId: string): Promise<string[]> {
    return this.overview.operators(projectId, templateId);
  }

  @Get(':templateId/preview')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  preview(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: PreviewQueryDto): Promise<TemplatePreviewDetail> {
    return this.previews.preview(projectId, templateId, query.version, query.highlightType);
  }
}
