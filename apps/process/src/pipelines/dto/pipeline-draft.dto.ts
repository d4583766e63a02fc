import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Min } from 'class-validator';
import type { Model, PipelineSetting } from '@bkci/pipeline-model';

export const PIPELINE_STORAGE_TYPES = ['MODEL', 'YAML'] as const;
export type PipelineStorageType = (typeof PIPELINE_STORAGE_TYPES)[number];

/** BK-CI's PipelineModelAndSetting as a client sends it: both parts are checked by the service. */
export interface ModelAndSettingBody {
  model?: unknown;
  setting?: Record<string, unknown>;
}

/**
 * BK-CI's PipelineVersionWithModelRequest (`saveDraft`): the draft's content as a Model with its
 * setting, or as v3.0 YAML (storageType YAML: the YAML wins). Without pipelineId it creates the pipeline.
 */
export class PipelineSaveDraftDto {
  @ApiPropertyOptional({ description: 'the pipeline; absent to create one' }) @IsOptional() @IsString() @Length(1, 34) pipelineId?: string;

  @ApiPropertyOptional({ enum: PIPELINE_STORAGE_TYPES, default: 'MODEL' })
  @IsOptional()
  @IsIn(PIPELINE_STORAGE_TYPES, { message: `storageType must be one of ${PIPELINE_STORAGE_TYPES.join(', ')}` })
  storageType?: PipelineStorageType;

  @ApiPropertyOptional({ description: '{model, setting} (storageType MODEL)' }) @IsOptional() @IsObject() modelAndSetting?: ModelAndSettingBody;
  @ApiPropertyOptional({ description: 'v3.0 YAML (storageType YAML)' }) @IsOptional() @IsString() yaml?: string;

  /** The console sends the release it edited; a draft is always made from the latest release here. */
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) baseVersion?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(0) baseDraftVersion?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1024) description?: string;
}

/** BK-CI's PipelineVersionReleaseRequest, without PAC (no code repository to commit to here). */
export class PipelineReleaseDraftDto {
  @ApiPropertyOptional({ description: 'must be false: PAC is not offered' }) @IsOptional() @IsBoolean() enablePac?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1024) description?: string;
}

/** BK-CI's TransferActionType, the two a pipeline editor uses. */
export const PIPELINE_TRANSFER_ACTIONS = ['FULL_MODEL2YAML', 'FULL_YAML2MODEL'] as const;
export type PipelineTransferAction = (typeof PIPELINE_TRANSFER_ACTIONS)[number];

export class PipelineTransferQueryDto {
  @ApiProperty({ enum: PIPELINE_TRANSFER_ACTIONS })
  @IsIn(PIPELINE_TRANSFER_ACTIONS, { message: `actionType must be one of ${PIPELINE_TRANSFER_ACTIONS.join(', ')}` })
  actionType: PipelineTransferAction;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 34) pipelineId?: string;
}

/** BK-CI's TransferBody. */
export class PipelineTransferBodyDto {
  @ApiPropertyOptional({ description: '{model, setting} (FULL_MODEL2YAML)' }) @IsOptional() @IsObject() modelAndSetting?: ModelAndSettingBody;
  @ApiPropertyOptional({ description: 'the YAML (FULL_YAML2MODEL); for FULL_MODEL2YAML the current one, whose comments are kept' })
  @IsOptional()
  @IsString()
  oldYaml?: string;

  @ApiPropertyOptional({ description: 'names the pipeline when the YAML has no name' }) @IsOptional() @IsString() @Length(1, 255) yamlFileName?: string;
}

/** BK-CI's TransferResponseResult. */
export interface TransferResponseResult {
  modelAndSetting: { model: Model; setting: PipelineSetting };
  newYaml: string | null;
  yamlSupported: boolean;
  yamlInvalidMsg: string | null;
}

/** BK-CI's DeployPipelineResult. */
export interface DeployPipelineResult {
  pipelineId: string;
  pipelineName: string;
  version: number;
  /** The release number; null for a draft. */
  versionNum: number | null;
  versionName: string | null;
  /** PAC fields, null: no code repository is involved. */
  targetUrl: string | null;
  pullRequestId: number | null;
  yamlInfo: null;
  updateBuildNo: boolean | null;
}

/** DeployPipelineResult as the API document shows it; it implements the interface so the two cannot drift. */
@ApiSchema({ name: 'DeployPipelineResult', description: 'What a pipeline version write did (BK-CI DeployPipelineResult)' })
export class DeployPipelineResultDto implements DeployPipelineResult {
  @ApiProperty() pipelineId: string;
  @ApiProperty() pipelineName: string;
  @ApiProperty({ type: 'integer', description: 'The version written' }) version: number;
  @ApiProperty({ type: 'integer', nullable: true, description: 'The release number; null for a draft' }) versionNum: number | null;
  @ApiProperty({ type: String, nullable: true }) versionName: string | null;
  @ApiProperty({ type: String, nullable: true }) targetUrl: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) pullRequestId: number | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Always null: no code repository is involved' }) yamlInfo: null;
  @ApiProperty({ type: Boolean, nullable: true }) updateBuildNo: boolean | null;
}

export function deployResult(pipelineId: string, pipelineName: string, version: number, release: { versionNum: number; versionName: string } | null): DeployPipelineResult {
  return {
    pipelineId,
    pipelineName,
    version,
    versionNum: release?.versionNum ?? null,
    versionName: release?.versionName ?? null,
    targetUrl: null,
    pullRequestId: null,
    yamlInfo: null,
    updateBuildNo: null,
  };
}

/** BK-CI's PipelinePermissions: what the caller may do with the pipeline. */
export interface PipelinePermissions {
  canManage: boolean;
  canDelete: boolean;
  canView: boolean;
  canEdit: boolean;
  canExecute: boolean;
  canDownload: boolean;
  canShare: boolean;
  canArchive: boolean;
}

/**
 * BK-CI's PipelineDetail (`/detail`), what the console's editor opens with: the version to edit (the
 * draft when there is one, else the latest release), the release, and what the draft was made from.
 */
export interface PipelineDetail {
  pipelineId: string;
  pipelineName: string;
  hasCollect: boolean;
  canManualStartup: boolean;
  /** A draft exists (a debug build runs it). */
  canDebug: boolean;
  /** A draft exists with more than the trigger stage. */
  canRelease: boolean;
  instanceFromTemplate: boolean;
  templateId: string | null;
  templateVersion: number | null;
  version: number;
  versionName: string | null;
  versionStatus: string;
  baseVersion: number | null;
  baseVersionStatus: string | null;
  baseVersionName: string | null;
  /** Null while the pipeline has only a draft. */
  releaseVersion: number | null;
  releaseVersionName: string | null;
  hasPermission: boolean;
  pipelineDesc: string;
  creator: string;
  createTime: number;
  updateTime: number;
  viewNames: string[];
  permissions: PipelinePermissions;
  runLockType: string | null;
  latestVersionStatus: string;
  pipelineAsCodeSettings: { enable: false };
  yamlInfo: null;
  yamlExist: false;
  locked: boolean;
  buildCancelPolicy: string | null;
}
