import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Min } from 'class-validator';
import { PageQueryDto } from '@bkci/core';
import { PIPELINE_TEMPLATE_TYPES, PipelineTemplateType } from '@bkci/pipeline-model';
import { HIGHLIGHT_TYPES, HighlightType } from '../template-yaml-marks';
import { STORE_STATUSES, StoreStatus, TEMPLATE_MODES, TemplateMode, VERSION_STATUSES, VersionStatus } from '@bkci/template-version';

/** BK-CI AuthPermission, as the console names what it asks about. */
export const AUTH_PERMISSIONS = [
  'CREATE', 'DEPLOY', 'EDIT', 'DOWNLOAD', 'DELETE', 'VIEW', 'MOVE', 'COPY', 'USE', 'SHARE', 'LIST', 'EXECUTE', 'MKDIR', 'EXPERIENCE',
  'ENABLE', 'ARCHIVE', 'MANAGE_ARCHIVED_PIPELINE', 'API_OPERATE', 'VIEWS_MANAGER', 'WEB_CHECK', 'MANAGE', 'VISIT', 'ANALYZE',
  'MANAGE_DEFECT', 'VIEW_DEFECT', 'VIEW_REPORT', 'SETTING',
] as const;
export type AuthPermission = (typeof AUTH_PERMISSIONS)[number];

/** BK-CI PipelineTemplateCommonCondition (the filters the list supports). */
export class ListTemplatesDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) fuzzySearchName?: string;
  @ApiPropertyOptional({ description: 'matches descriptions containing it' }) @IsOptional() @IsString() @Length(1, 1024) desc?: string;
  @ApiPropertyOptional({ enum: TEMPLATE_MODES }) @IsOptional() @IsIn(TEMPLATE_MODES) mode?: TemplateMode;
  @ApiPropertyOptional({ enum: PIPELINE_TEMPLATE_TYPES }) @IsOptional() @IsIn(PIPELINE_TEMPLATE_TYPES) type?: PipelineTemplateType;
  @ApiPropertyOptional({ enum: VERSION_STATUSES }) @IsOptional() @IsIn(VERSION_STATUSES) latestVersionStatus?: VersionStatus;
  @ApiPropertyOptional({ enum: STORE_STATUSES }) @IsOptional() @IsIn(STORE_STATUSES) storeStatus?: StoreStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) creator?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) updater?: string;
  @ApiPropertyOptional({ enum: ['NAME', 'CREATE_TIME', 'UPDATE_TIME'] }) @IsOptional() @IsIn(['NAME', 'CREATE_TIME', 'UPDATE_TIME']) orderBy?: 'NAME' | 'CREATE_TIME' | 'UPDATE_TIME';
  @ApiPropertyOptional({ enum: ['ASC', 'DESC'] }) @IsOptional() @IsIn(['ASC', 'DESC']) sort?: 'ASC' | 'DESC';
}

/** BK-CI PipelineTemplateResourceCommonCondition (version history filters). */
export class ListVersionsDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: VERSION_STATUSES }) @IsOptional() @IsIn(VERSION_STATUSES) status?: VersionStatus;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 128) versionName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) creator?: string;
}

export class DraftVersionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
}

export class OperationLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) creator?: string;
}

export class DetailsQueryDto {
  @ApiPropertyOptional({ description: 'one save of the draft' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) draftVersion?: number;
}

export class CompareQueryDto {
  @Type(() => Number) @IsInt() @Min(1) baseVersion: number;
  @Type(() => Number) @IsInt() @Min(1) comparedVersion: number;
}

export class RefQueryDto {
  @IsString() @Length(1, 128) ref: string;
}

export class SaveDraftQueryDto {
  @ApiPropertyOptional({ description: 'absent: the save creates the template' }) @IsOptional() @IsString() @Length(1, 32) templateId?: string;
}

export class RollbackQueryDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) draftVersion?: number;
}

export class VersionNameQueryDto {
  @IsString() @Length(1, 128) versionName: string;
}

export class PrefetchQueryDto {
  @IsOptional() @IsString() @Length(1, 128) customVersionName?: string;
}

export class DraftStatusQueryDto {
  @IsIn(['EDIT', 'SAVE', 'RELEASE']) actionType: 'EDIT' | 'SAVE' | 'RELEASE';
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) baseDraftVersion?: number;
}

export class TransferQueryDto {
  @IsIn(['MODEL', 'YAML']) storageType: 'MODEL' | 'YAML';
}

export class ExportQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
}

export class OptionalVersionQueryDto {
  @ApiPropertyOptional({ description: 'the latest release when absent' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) version?: number;
}

export class PreviewQueryDto {
  @Type(() => Number) @IsInt() @Min(1) version: number;
  @ApiPropertyOptional({ enum: HIGHLIGHT_TYPES }) @IsOptional() @IsIn(HIGHLIGHT_TYPES) highlightType?: HighlightType;
}

export class HighlightQueryDto {
  @ApiPropertyOptional({ enum: HIGHLIGHT_TYPES }) @IsOptional() @IsIn(HIGHLIGHT_TYPES) highlightType?: HighlightType;
}

/** V1's permission question: the template is named in the path. */
export class TemplatePermissionQueryDto {
  @ApiProperty({ enum: AUTH_PERMISSIONS }) @IsIn(AUTH_PERMISSIONS) permission: AuthPermission;
}

export class PermissionQueryDto extends TemplatePermissionQueryDto {
  @ApiPropertyOptional({ description: 'a template; absent asks about the project' }) @IsOptional() @IsString() @Length(1, 32) templateId?: string;
}
