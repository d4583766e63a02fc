import { Body, Controller, Delete, Get, HttpCode, Param, ParseIntPipe, Post, Put, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiCreatedResponse, ApiOkResponse, ApiParam, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, PermissionChecker, RequireAuthenticated, RequirePermission } from '@bkci/auth';
import { Page } from '@bkci/core';
import {
  CompareQueryDto,
  DetailsQueryDto,
  DraftStatusQueryDto,
  DraftVersionsQueryDto,
  ExportQueryDto,
  ListTemplatesDto,
  ListVersionsDto,
  OperationLogQueryDto,
  PrefetchQueryDto,
  RefQueryDto,
  RollbackQueryDto,
  SaveDraftQueryDto,
  TransferQueryDto,
  VersionNameQueryDto,
} from './dto/template-queries.dto';
import { DeployTemplateResultDto, TemplateListPageDto } from './dto/template-answer.dto';
import { CopyTemplateDto, CustomCreateTemplateDto, ReleaseDraftDto, SaveDraftDto, TransferDto } from './dto/template-requests.dto';
import { TemplateInfoEntity } from './entities/template-info.entity';
import { TemplateDeleteService } from './template-delete.service';
import { transferTemplate, TransferResult } from './template-transfer';
import { TemplateDetails, TemplateResource } from './template-details';
import { DraftStatus, PrefetchReleaseResult, TemplateComparison, TemplateListRow, TemplateQueryService } from './template-query.service';
import { DeployTemplateResult } from './version/template-version.context';
import { TemplateVersionManager } from './version/template-version.manager';
import { YamlWorkers } from '../yaml-workers/yaml-workers';

/** BK-CI's user templates V2 API (`/user/pipeline/template/v2/{projectId}`). */
@ApiTags('templates')
@Controller('user/pipeline/template/v2/:projectId')
export class UserTemplateController {
  constructor(
    private readonly versions: TemplateVersionManager,
    private readonly queries: TemplateQueryService,
    private readonly deletes: TemplateDeleteService,
    private readonly permissions: PermissionChecker,
    private readonly yamlWorkers: YamlWorkers,
  ) {}

  @Post('create')
  @RequirePermission('pipeline_template_create')
  @ApiCreatedResponse({ type: DeployTemplateResultDto })
  create(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() body: CustomCreateTemplateDto): Promise<DeployTemplateResult> {
    return this.versions.deploy({ kind: 'CUSTOM_CREATE', caller, projectId, body });
  }

  /** Saves the draft; without templateId it creates the template, which also needs create. */
  @Put('saveDraft')
  @RequirePermission('pipeline_template_edit', { resourceParam: 'templateId' })
  @ApiOkResponse({ type: DeployTemplateResultDto })
  async saveDraft(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Query() { templateId }: SaveDraftQueryDto,
    @Body() body: SaveDraftDto,
  ): Promise<DeployTemplateResult> {
    if (templateId === undefined) await this.permissions.assertAllowed(caller, projectId, 'pipeline_template_create');
    return this.versions.deploy({ kind: 'DRAFT_SAVE', caller, projectId, templateId: templateId ?? null, body });
  }

  @Post('copy')
  @RequirePermission('pipeline_template_create')
  @ApiCreatedResponse({ type: DeployTemplateResultDto })
  copy(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() body: CopyTemplateDto): Promise<DeployTemplateResult> {
    return this.versions.deploy({ kind: 'COPY', caller, projectId, body });
  }

  @Get(':templateId/releaseVersion/:version/prefetch')
  @RequirePermission('pipeline_template_edit', { resourceParam: 'templateId' })
  prefetch(
    @Param('projectId') projectId: string,
    @Param('templateId') templateId: string,
    @Param('version', ParseIntPipe) version: number,
    @Query() query: PrefetchQueryDto,
  ): Promise<PrefetchReleaseResult> {
    return this.queries.prefetchRelease(projectId, templateId, version, query.customVersionName);
  }

  @Post(':templateId/releaseVersion/:version')
  @RequirePermission('pipeline_template_edit', { resourceParam: 'templateId' })
  @ApiCreatedResponse({ type: DeployTemplateResultDto })
  release(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('templateId') templateId: string,
    @Param('version', ParseIntPipe) version: number,
    @Body() body: ReleaseDraftDto,
  ): Promise<DeployTemplateResult> {
    return this.versions.deploy({ kind: 'DRAFT_RELEASE', caller, projectId, templateId, version, body });
  }

  @Post(':templateId/rollbackDraft')
  @RequirePermission('pipeline_template_edit', { resourceParam: 'templateId' })
  @ApiCreatedResponse({ type: DeployTemplateResultDto })
  rollback(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('templateId') templateId: string,
    @Query() { version, draftVersion }: RollbackQueryDto,
  ): Promise<DeployTemplateResult> {
    return this.versions.deploy({ kind: 'ROLLBACK', caller, projectId, templateId, version, draftVersion: draftVersion ?? null });
  }

  @Delete(':templateId/delete')
  @RequirePermission('pipeline_template_delete', { resourceParam: 'templateId' })
  @ApiOkResponse({ type: Boolean })
  async deleteTemplate(@Param('projectId') projectId: string, @Param('templateId') templateId: string): Promise<boolean> {
    await this.deletes.deleteTemplate(projectId, templateId);
    return true;
  }

  @Delete(':templateId/:version')
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

  /** Open to resource-level grants too, so the service decides what the caller may list. */
  @Post('list')
  @HttpCode(200)
  @RequireAuthenticated()
  @ApiOkResponse({ type: TemplateListPageDto })
  list(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() condition: ListTemplatesDto): Promise<Page<TemplateListRow>> {
    return this.queries.listFor(caller, projectId, condition);
  }

  @Get('allTemplates')
  @RequirePermission('pipeline_template_list')
  pickable(@Param('projectId') projectId: string) {
    return this.queries.pickable(projectId);
  }

  @Get(':templateId/latest/details')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  latestDetails(@Param('projectId') projectId: string, @Param('templateId') templateId: string): Promise<TemplateDetails> {
    return this.queries.latestDetails(projectId, templateId);
  }

  @Get(':templateId/ref/details')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  refDetails(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: RefQueryDto): Promise<TemplateDetails> {
    return this.queries.refDetails(projectId, templateId, query.ref);
  }

  @Get(':templateId/:version/details')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  details(
    @Param('projectId') projectId: string,
    @Param('templateId') templateId: string,
    @Param('version', ParseIntPipe) version: number,
    @Query() query: DetailsQueryDto,
  ): Promise<TemplateDetails> {
    return this.queries.details(projectId, templateId, version, query.draftVersion);
  }

  /** A version's v3.0 YAML as a file download (BK-CI export); the latest release without `version`. */
  @Get(':templateId/export')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  async export(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: ExportQueryDto, @Res() response: Response): Promise<void> {
    const { name, yaml } = await this.queries.exportYaml(projectId, templateId, query.version);
    response.setHeader('content-type', 'application/x-yaml; charset=utf-8');
    response.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${name}.yml`)}`);
    response.send(yaml);
  }

  @Get(':templateId/info')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  info(@Param('projectId') projectId: string, @Param('templateId') templateId: string): Promise<TemplateInfoEntity> {
    return this.queries.info(projectId, templateId);
  }

  @Post(':templateId/versions')
  @HttpCode(200)
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  listVersions(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Body() condition: ListVersionsDto): Promise<Page<TemplateResource>> {
    return this.queries.listVersions(projectId, templateId, condition);
  }

  @Get(':templateId/draftVersions')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  listDraftSaves(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: DraftVersionsQueryDto) {
    return this.queries.listDraftSaves(projectId, templateId, query.version, query);
  }

  @Get(':templateId/compare')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  compare(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: CompareQueryDto): Promise<TemplateComparison> {
    return this.queries.compare(projectId, templateId, query);
  }

  @Get(':templateId/operationLog')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  operationLog(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: OperationLogQueryDto) {
    return this.queries.operationLog(projectId, templateId, query.creator, query);
  }

  @Get(':templateId/draftStatus')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  draftStatus(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: DraftStatusQueryDto): Promise<DraftStatus> {
    return this.queries.draftStatus(projectId, templateId, query);
  }

  /** The editor's Model ↔ YAML switch; nothing is stored. */
  // The route reads no project, but its permission check does.
  @ApiParam({ name: 'projectId' })
  @Post('transfer')
  @HttpCode(200)
  @RequirePermission('pipeline_template_view')
  transfer(@Query() query: TransferQueryDto, @Body() body: TransferDto): Promise<TransferResult> {
    return transferTemplate(this.yamlWorkers, query.storageType, body);
  }

  @Get(':templateId/versionNameExist')
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  @ApiOkResponse({ type: Boolean })
  versionNameExists(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() { versionName }: VersionNameQueryDto): Promise<boolean> {
    return this.queries.versionNameExists(projectId, templateId, versionName);
  }
}
