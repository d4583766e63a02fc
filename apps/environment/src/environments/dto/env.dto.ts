import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min, ValidateNested } from 'class-validator';
import { MAX_PAGE, ToBoolean } from '@bkci/core';
import { NODE_STATUSES } from '../../nodes/node-types';
import { AGENT_OS, ENV_TYPES, EnvType, NODE_SOURCES, SHARED_ENV_TYPES } from '../env-types';

/** At most this many ids in one body: BK-CI takes lists of hash ids and names in one call. */
export const MAX_IDS = 500;

/** BK-CI EnvVar as sent; lastUpdateUser and lastUpdateTime are the server's to set. */
export class EnvVarDto {
  @ApiProperty() @IsString() @Length(1, 128) name: string;
  /** For a secure variable already stored, "******" or "" keeps its value. */
  @ApiProperty() @IsString() @Length(0, 4096) value: string;
  @ApiProperty() @IsBoolean() secure: boolean;
}

/** BK-CI EnvCreateInfo. Only static envs (envNodeType NODE) are made here. */
export class CreateEnvDto {
  @ApiProperty() @IsString() @Length(1, 128) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 128) desc?: string;

  @ApiProperty({ enum: ENV_TYPES })
  @IsIn(ENV_TYPES, { message: `envType must be one of ${ENV_TYPES.join(', ')}` })
  envType: EnvType;

  @ApiPropertyOptional({ enum: ['NODE'] })
  @IsOptional()
  @IsIn(['NODE'], { message: 'envNodeType must be NODE: envs here list their nodes (dynamic TAG envs are not supported)' })
  envNodeType?: 'NODE';

  @ApiPropertyOptional({ type: [EnvVarDto] }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_IDS) @ValidateNested({ each: true }) @Type(() => EnvVarDto) envVars?: EnvVarDto[];

  @ApiPropertyOptional({ enum: NODE_SOURCES })
  @IsOptional()
  @IsIn(NODE_SOURCES, { message: `source must be one of ${NODE_SOURCES.join(', ')}` })
  source?: string;

  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_IDS) @IsString({ each: true }) nodeHashIds?: string[];

  @ApiPropertyOptional({ enum: AGENT_OS })
  @IsOptional()
  @IsIn(AGENT_OS, { message: `os must be one of ${AGENT_OS.join(', ')}` })
  os?: string;
}

/** BK-CI EnvUpdateInfo; without envVars the variables stay as they are. */
export class UpdateEnvDto {
  @ApiProperty() @IsString() @Length(1, 128) name: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 128) desc?: string;

  @ApiProperty({ enum: ENV_TYPES })
  @IsIn(ENV_TYPES, { message: `envType must be one of ${ENV_TYPES.join(', ')}` })
  envType: EnvType;

  @ApiPropertyOptional({ type: [EnvVarDto] }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_IDS) @ValidateNested({ each: true }) @Type(() => EnvVarDto) envVars?: EnvVarDto[];
}

export class ListEnvsDto {
  @ApiPropertyOptional() @IsOptional() @IsString() envName?: string;

  @ApiPropertyOptional({ enum: ENV_TYPES })
  @IsOptional()
  @IsIn(ENV_TYPES, { message: `envType must be one of ${ENV_TYPES.join(', ')}` })
  envType?: EnvType;

  @ApiPropertyOptional() @IsOptional() @IsString() nodeHashId?: string;
  /** BK-CI: creative-stream envs, which this app does not make. */
  @ApiPropertyOptional() @IsOptional() @ToBoolean() @IsBoolean() createMode?: boolean;
}

export class BuildEnvsDto {
  @ApiProperty({ enum: AGENT_OS })
  @IsIn(AGENT_OS, { message: `os must be one of ${AGENT_OS.join(', ')}` })
  os: string;
}

/** BK-CI getEnvEnvs' filters (`source` is BK-CI's name for the secure flag). */
export class EnvVarsQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() envName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() envValue?: string;
  @ApiPropertyOptional({ description: 'secure variables only (true) or plain ones only (false)' }) @IsOptional() @ToBoolean() @IsBoolean() source?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() lastUpdateUser?: string;
}

/** BK-CI's page and pageSize with its default of 20 per page. */
export class Page20Dto {
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Max(MAX_PAGE) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) pageSize?: number;
}

export class EnvNodesQueryDto extends Page20Dto {
  @ApiPropertyOptional() @IsOptional() @IsString() nodeIp?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() displayName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() createdUser?: string;

  @ApiPropertyOptional({ enum: NODE_STATUSES })
  @IsOptional()
  @IsIn(NODE_STATUSES, { message: `nodeStatus must be one of ${NODE_STATUSES.join(', ')}` })
  nodeStatus?: string;
}

export class EnableNodeQueryDto {
  @ApiProperty() @ToBoolean() @IsBoolean() enableNode: boolean;
}

/** BK-CI EnableNodeEnvData: why, for the operation log. */
export class EnableNodeBodyDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 1024) reason?: string;
}

/** BK-CI's by-name form of enableNode (service and v4): an env and a node each by hash id or by name. */
export class EnableNodeByNameQueryDto extends EnableNodeQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() envHashId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() envName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() nodeHashId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() nodeName?: string;
}

/** BK-CI AddSharedProjectInfo: the target is `projectId`, else `gitProjectId` (BK-CI getFinalProjectId). */
export class AddSharedProjectDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) projectId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 64) gitProjectId?: string;
  @ApiProperty() @IsString() @Length(0, 1024) name: string;

  @ApiProperty({ enum: SHARED_ENV_TYPES })
  @IsIn(SHARED_ENV_TYPES, { message: `type must be one of ${SHARED_ENV_TYPES.join(', ')}` })
  type: string;
}

/** BK-CI SharedProjectInfoWrap. */
export class ShareEnvDto {
  @ApiProperty({ type: [AddSharedProjectDto] }) @IsArray() @ArrayMaxSize(MAX_IDS) @ValidateNested({ each: true }) @Type(() => AddSharedProjectDto) sharedProjects: AddSharedProjectDto[];
}

export class ListSharesDto extends Page20Dto {
  @ApiPropertyOptional() @IsOptional() @IsString() name?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() creator?: string;
}

export class OperateLogQueryDto {
  @ApiProperty() @IsString() @Length(1, 64) projectId: string;
  @ApiProperty() @IsString() @Length(1, 64) envHashId: string;
  @ApiPropertyOptional() @IsOptional() @IsString() operator?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Max(MAX_PAGE) page?: number;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) pageSize?: number;
}

export class EnvByNameQueryDto {
  @ApiProperty() @IsString() @Length(1, 256) envName: string;
}

/** BK-CI EnvAddNodesData; its `tags` are for dynamic envs, which this app does not make. */
export class AddNodesNewDto {
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(MAX_IDS) @IsString({ each: true }) @Length(1, 64, { each: true }) nodeHashIds?: string[];
}

export class EnvCountQueryDto {
  @ApiPropertyOptional() @IsOptional() @ToBoolean() @IsBoolean() createEnv?: boolean;
}
