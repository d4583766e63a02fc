import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PageQueryDto, ToBoolean } from '@bkci/core';
import { AGENT_OS, AgentOs } from '../agent-status';

const PROJECT_ID = /^[a-z_][a-z0-9_-]{1,63}$/;
/** A BK-CI hash id (agent or node): lowercase letters. */
const HASH_ID = /^[a-z]{1,32}$/;

export class ProjectParamsDto {
  @ApiProperty() @Matches(PROJECT_ID, { message: 'projectId must be a project id' }) projectId: string;
}

export class GenerateLinkParamsDto extends ProjectParamsDto {
  @ApiProperty({ enum: AGENT_OS }) @IsIn(AGENT_OS, { message: `os must be one of ${AGENT_OS.join(', ')}` }) os: AgentOs;
}

export class GenerateLinkQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 64) zoneName?: string;
  @ApiPropertyOptional({ enum: ['BUILD'] }) @IsOptional() @IsIn(['BUILD'], { message: 'agentType must be BUILD' }) agentType?: 'BUILD';
}

export class ReInstallQueryDto {
  @ApiProperty({ description: 'The id of the agent to install again' }) @Matches(HASH_ID, { message: 'reInstallId must be the id of the agent to install again' }) reInstallId: string;
}

export class AgentParamsDto extends ProjectParamsDto {
  @ApiProperty() @Matches(HASH_ID, { message: 'agentId must be an agent id' }) agentId: string;
}

export class NodeParamsDto extends ProjectParamsDto {
  @ApiProperty() @Matches(HASH_ID, { message: 'nodeHashId must be a node hash id' }) nodeHashId: string;
}

/** BK-CI names the agent `agentHashId` in the offline periods route. */
export class AgentHashParamsDto extends ProjectParamsDto {
  @ApiProperty() @Matches(HASH_ID, { message: 'agentHashId must be an agent id' }) agentHashId: string;
}

export class ExternalAgentParamsDto {
  @Matches(HASH_ID, { message: 'agentId must be an agent id' }) agentId: string;
}

export class InstallQueryDto {
  @IsString() @Length(1, 128, { message: 'token must be the install token of the link' }) token: string;
}

export class ParallelTaskCountQueryDto {
  @ApiProperty({ minimum: 0, maximum: 1000 }) @Type(() => Number) @IsInt() @Min(0) @Max(1000) parallelTaskCount: number;
}

export class AgentPageQueryDto extends PageQueryDto {}

/** BK-CI EnvVar of an agent. */
export class AgentEnvVarDto {
  @Matches(/^[A-Za-z_][A-Za-z0-9_.-]{0,127}$/, { message: 'name must be an env var name (letters, digits, "_", ".", "-")' }) name: string;
  @IsString() @Length(0, 4096) value: string;
  @IsOptional() @IsBoolean() secure?: boolean;
}

export class SharedQueryDto {
  @ToBoolean() @IsBoolean() shared: boolean;
}
