import { Body, Controller, Delete, Get, Param, ParseIntPipe, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiParam, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { Caller, CurrentCaller, PermissionChecker, RequireAuthenticated, RequirePermission } from '@bkci/auth';
import { V1_TEMPLATES_CONTROLLER } from '@bkci/contracts';
import { PageQueryDto, ToBoolean } from '@bkci/core';
import { MODEL_SCHEMA, PipelineSetting } from '@bkci/pipeline-model';
import { TEMPLATE_MODES, TemplateMode } from '@bkci/template-version';
import { HighlightQueryDto, TemplatePermissionQueryDto } from '../dto/template-queries.dto';
import { TemplateDeleteService } from '../template-delete.service';
import { TemplateOverviewService } from '../template-overview.service';
import { TemplatePreviewDetail, TemplatePreviewService } from '../template-preview.service';
import { V1TemplateListDto } from './dto/v1-template-answer.dto';
import { V1TemplateDetail, V1TemplateList, V1TemplateService } from './v1-template.service';

export class V1ListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: TEMPLATE_MODES }) @IsOptional() @IsIn(TEMPLATE_MODES) templateType?: TemplateMode;
  @ApiPropertyOptional({ description: 'Only templates installed from the store (true) or only others (false)' }) @IsOptional() @ToBoolean() @IsBoolean() storeFlag?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() orderBy?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() sort?: string;
}

export class V1VersionQueryDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, description: 'The version; the latest when absent' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
  /** Used when `version` is absent (v4 `template_detail?versionName=`). */
  @ApiPropertyOptional({ description: 'The version by name, when no version is given' }) @IsOptional() @IsString() @Length(1, 128) versionName?: string;
}

export class V1VersionNameQueryDto {
  @ApiPropertyOptional({ description: 'The name of the new version' }) @IsOptional() @IsString() @Length(1, 128) versionName?: string;
}

/** BK-CI SaveAsTemplateReq. */
export class SaveAsTemplateDto {
  @IsString() @Length(1, 34) pipelineId: string;
  @IsString() @Length(1, 128) templateName: string;
  @IsOptional() @IsBoolean() isCopySetting?: boolean;
}

/** BK-CI CopyTemplateReq. */
export class V1CopyDto {
  @IsString() @Length(1, 128) templateName: string;
  @IsOptional() @IsBoolean() isCopySetting?: boolean;
}

/** BK-CI's V1 templates API (`/user/templates/projects/{projectId}`), on the V2 data. */
@ApiTags('templates v1')
@Controller(V1_TEMPLATES_CONTROLLER)
export class V1TemplateController {
  constructor(
    private readonly templates: V1TemplateService,
    private readonly deletes: TemplateDeleteService,
    private readonly permissions: PermissionChecker,
    private readonly overview: TemplateOverviewService,
    private readonly previews: TemplatePreviewService,
  ) {}

  @Post()
  @RequirePermission('pipeline_template_create')
  @ApiBody({ schema: MODEL_SCHEMA })
  @ApiCreatedResponse({ schema: { type: 'object', required: ['id'], properties: { id: { type: 'string', description: 'The template id' } } } })
  create(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() model: Record<string, unknown>): Promise<{ id: string }> {
    return this.templates.create(caller, projectId, model);
  }

  /** Needs template create, and pipeline view to read the pipeline. */
  @Post('saveAsTemplate')
  @RequirePermission('pipeline_template_create')
  async saveAsTemplate(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() body: SaveAsTemplateDto): Promise<{ id: string }> {
    await this.permissions.assertAllowed(caller, projectId, 'pipeline_view');
    return this.templates.saveAsTemplate(caller, projectId, body);
  }

  @Put(':templateId')
  @RequirePermission('pipeline_template_edit', { resourceParam: 'templateId' })
  @ApiBody({ schema: MODEL_SCHEMA })
  @ApiOkResponse({ type: Boolean })
  update(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('templateId') templateId: string,
    @Query() query: V1VersionNameQueryDto,
    @Body() model: Record<string, unknown>,
  ): Promise<boolean> {
    return this.templates.update(caller, projectId, templateId, query.versionName ?? null, model);
  }

  @Get()
  @RequirePermission('pipeline_template_list')
  @ApiOkResponse({ type: V1TemplateListDto })
  list(@Param('projectId') projectId: string, @Query() query: V1ListQueryDto): Promise<V1TemplateList> {
    return this.templates.list(projectId, query);
  }

  /** Always on here (see the V2 route); declared before `:templateId`, which would take it for an id. */
  @ApiParam({ name: 'projectId' })
  @Get('enableTemplatePermissionManage')
  @RequireAuthenticated()
  @ApiOkResponse({ type: Boolean })
  enablePermissionManage(): boolean {
    return true;
  }

  @Get(':templateId')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  detail(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: V1VersionQueryDto): Promise<V1TemplateDetail> {
    return this.templates.detail(projectId, templateId, query.version, query.versionName);
  }

  @Get(':templateId/hasPipelineTemplatePermission')
  @RequireAuthenticated()
  @ApiOkResponse({ type: Boolean })
  hasPermission(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: TemplatePermissionQueryDto): Promise<boolean> {
    return this.overview.hasPermission(caller, projectId, templateId, query.permission);
  }

  /** The latest release, with the part `highlightType` names marked in its YAML. */
  @Get(':templateId/preview')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  preview(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: HighlightQueryDto): Promise<TemplatePreviewDetail> {
    return this.previews.previewLatest(caller, projectId, templateId, query.highlightType);
  }

  @Get(':templateId/settings')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  setting(@Param('projectId') projectId: string, @Param('templateId') templateId: string): Promise<PipelineSetting> {
    return this.templates.setting(projectId, templateId);
  }

  @Put(':templateId/settings')
  @RequirePermission('pipeline_template_edit', { resourceParam: 'templateId' })
  @ApiOkResponse({ type: Boolean })
  updateSetting(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('templateId') templateId: string,
    @Body() setting: Record<string, unknown>,
  ): Promise<boolean> {
    return this.templates.updateSetting(caller, projectId, templateId, setting);
  }

  /** Needs template create here (and edit on the source, which the copy checks). */
  @Post(':templateId/copy')
  @RequirePermission('pipeline_template_create')
  copy(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('templateId') templateId: string, @Body() body: V1CopyDto): Promise<{ id: string }> {
    return this.templates.copy(caller, projectId, templateId, body);
  }

  @Delete(':templateId')
  @RequirePermission('pipeline_template_delete', { resourceParam: 'templateId' })
  @ApiOkResponse({ type: Boolean })
  async delete(@Param('projectId') projectId: string, @Param('templateId') templateId: string): Promise<boolean> {
    await this.deletes.deleteTemplate(projectId, templateId);
    return true;
  }

  @Delete(':templateId/versions/:version')
  @RequirePermission('pipeline_template_delete', { resourceParam: 'templateId' })
  @ApiOkResponse({ type: Boolean })
  async deleteVersion(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('templateId') templateId: string,
    @Param('version', ParseIntPipe) version: number,
  ): Promise<boolean> {
    await this.deletes.deleteVersion(caller, projectId, templateId, version);
    return true;
  }
}
