import { Body, Controller, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsObject, IsOptional, IsString, Length, Min, ValidateIf } from 'class-validator';
import { Caller, CurrentCaller, RequirePermission } from '@bkci/auth';
import { V1_INSTANCES_CONTROLLER } from '@bkci/contracts';
import { ArrayBodyPipe, ReturnsEnvelope, ToBoolean } from '@bkci/core';
import { knownBuildNoFields, knownParamFields } from '@bkci/pipeline-model';
import type { BuildFormProperty, BuildNo } from '@bkci/pipeline-model';
import { PipelineService } from '../../pipelines/pipeline.service';
import { InstanceSortQueryDto } from '../instances/dto/instances-queries.dto';
import { EachKnownFields, KnownFields } from '../instances/dto/instances-request.dto';
import { TemplateInstanceService, TemplateOperationRet } from '../instances/template-instance.service';
import { isBehindRelease } from '../template-instance-lag';
import { TemplateRepository } from '../template.repository';
import { overrideEverything } from './override-everything';
import { V1TemplateService } from './v1-template.service';

/** BK-CI TemplateInstanceCreate / TemplateInstanceUpdate (pipelineId for updates). */
export class V1InstanceDto {
  @IsOptional() @IsString() @Length(1, 34) pipelineId?: string;
  @IsString() @Length(1, 128) pipelineName: string;
  @IsOptional() @KnownFields(knownBuildNoFields) @IsObject() buildNo?: BuildNo;
  @IsOptional() @EachKnownFields(knownParamFields) @IsArray() param?: BuildFormProperty[];
  @IsOptional() @IsBoolean() resetBuildNo?: boolean;
}

export class V1InstanceQueryDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
  @IsOptional() @ToBoolean() @IsBoolean() useTemplateSettings?: boolean;
}

/** An update names the release by number (`version`) or, as v4 `templateInstances/update` does, by name. */
export class V1InstanceUpdateQueryDto {
  @ValidateIf((query: V1InstanceUpdateQueryDto) => query.versionName === undefined || query.version !== undefined) @Type(() => Number) @IsInt() @Min(1) version?: number;
  @IsOptional() @IsString() @Length(1, 128) versionName?: string;
  @IsOptional() @ToBoolean() @IsBoolean() useTemplateSettings?: boolean;
}

export class V1InstanceListQueryDto extends InstanceSortQueryDto {
  @IsOptional() @IsString() @Length(1, 128) searchKey?: string;
}

/**
 * BK-CI's V1 instances API (`/user/templateInstances/projects/{projectId}/templates/{templateId}`).
 * V1 instances override every input param (BK-CI TemplateInstanceField.initFromTemplate). Creating
 * and updating answer BK-CI's TemplateOperationRet as the whole body, as BK-CI does.
 */
@ApiTags('template instances v1')
@Controller(V1_INSTANCES_CONTROLLER)
export class V1InstanceController {
  constructor(
    private readonly instances: TemplateInstanceService,
    private readonly pipelines: PipelineService,
    private readonly templates: TemplateRepository,
    private readonly v1Templates: V1TemplateService,
  ) {}

  @Post()
  @HttpCode(200)
  @ReturnsEnvelope()
  @RequirePermission('pipeline_create')
  async create(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('templateId') templateId: string,
    @Query() query: V1InstanceQueryDto,
    @Body(new ArrayBodyPipe(V1InstanceDto)) items: V1InstanceDto[],
  ): Promise<TemplateOperationRet> {
    return this.instantiate(caller, projectId, templateId, query, items, 'CREATE');
  }

  @Put()
  @ReturnsEnvelope()
  @RequirePermission('pipeline_edit')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('templateId') templateId: string,
    @Query() query: V1InstanceUpdateQueryDto,
    @Body(new ArrayBodyPipe(V1InstanceDto)) items: V1InstanceDto[],
  ): Promise<TemplateOperationRet> {
    const version = query.version ?? (await this.v1Templates.releaseNamed(projectId, templateId, query.versionName as string));
    return this.instantiate(caller, projectId, templateId, { version, useTemplateSettings: query.useTemplateSettings }, items, 'UPDATE');
  }

  /** BK-CI TemplateInstancePage. */
  @Get()
  @RequirePermission('pipeline_template_view', { resourceParam: 'templateId' })
  async list(@Param('projectId') projectId: string, @Param('templateId') templateId: string, @Query() query: V1InstanceListQueryDto) {
    const info = await this.templates.info(projectId, templateId);
    const page = await this.pipelines.listTemplateRelations(projectId, templateId, {
      page: query.page,
      pageSize: query.pageSize,
      pipelineName: query.searchKey,
      sortType: query.sortType,
      desc: query.desc,
    });
    return {
      projectId,
      templateId,
      instances: page.records.map((row) => ({
        pipelineId: row.pipelineId,
        pipelineName: row.pipelineName,
        templateId,
        version: row.templateVersion,
        versionName: row.templateVersionName,
        pipelineVersion: row.pipelineVersion,
        status: isBehindRelease(info, row.templateVersion) ? 'PENDING_UPDATE' : row.status,
        hasPermission: true,
      })),
      latestVersion: { version: info.releasedVersion, versionName: info.releasedVersionName },
      count: page.count,
      page: page.page,
      pageSize: page.pageSize,
    };
  }

  private async instantiate(caller: Caller, projectId: string, templateId: string, query: V1InstanceQueryDto, items: V1InstanceDto[], kind: 'CREATE' | 'UPDATE') {
    const source = await this.instances.source(projectId, templateId, query.version);
    const overrideTemplateField = overrideEverything(source.model);
    return this.instances.instantiateNow(caller, projectId, templateId, query.version, kind, {
      useTemplateSettings: query.useTemplateSettings,
      instanceReleaseInfos: items.map((item) => ({ ...item, param: item.param ?? [], overrideTemplateField })),
    });
  }
}
