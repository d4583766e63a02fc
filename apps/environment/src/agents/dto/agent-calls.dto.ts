import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsObject, IsOptional, IsString, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { ToBoolean } from '@bkci/core';
import { AgentStatusName } from '../agent-status';

/** BK-CI ThirdPartyAgentStartInfo, plus the machine's architecture. */
export class StartupDto {
  @IsString() @Length(1, 128) hostname: string;
  @IsString() @Length(1, 64) hostIp: string;
  @IsString() @Length(1, 128) detectOS: string;
  @IsOptional() @IsString() @MaxLength(128) version?: string;
  @IsOptional() @IsString() @MaxLength(128) masterVersion?: string;
  @IsOptional() @IsString() @MaxLength(32) arch?: string;
}

/** One job the agent runs (BK-CI ThirdPartyBuildInfo). */
export class HeartbeatTaskDto {
  @IsOptional() @IsString() @MaxLength(64) projectId?: string;
  @IsOptional() @IsString() @MaxLength(64) buildId?: string;
  @IsOptional() @IsString() @MaxLength(64) vmSeqId?: string;
  @IsOptional() @IsString() @MaxLength(1024) workspace?: string;
}

/** What an agent says about its machine (BK-CI NewHeartbeatInfo.props, the parts kept). */
export class HeartbeatPropsDto {
  @IsOptional() @IsString() @MaxLength(32) arch?: string;
  @IsOptional() @IsString() @MaxLength(128) osVersion?: string;
}

/** BK-CI NewHeartbeatInfo: every field optional, as agents of every version send it. */
export class HeartbeatDto {
  @IsOptional() @IsString() @MaxLength(128) masterVersion?: string;
  @IsOptional() @IsString() @MaxLength(128) slaveVersion?: string;
  @IsOptional() @IsString() @MaxLength(128) hostName?: string;
  @IsOptional() @IsString() @MaxLength(64) agentIp?: string;
  @IsOptional() @IsInt() @Min(0) @Max(1000) parallelTaskCount?: number;
  @IsOptional() @IsString() @MaxLength(512) agentInstallPath?: string;
  @IsOptional() @IsString() @MaxLength(64) startedUser?: string;
  @IsOptional() @IsArray() @ArrayMaxSize(1000) @ValidateNested({ each: true }) @Type(() => HeartbeatTaskDto) taskList?: HeartbeatTaskDto[];
  @IsOptional() @IsObject() @ValidateNested() @Type(() => HeartbeatPropsDto) props?: HeartbeatPropsDto;
}

/** BK-CI HeartbeatResponse, with its capitalised AgentStatus and ParallelTaskCount. */
export interface HeartbeatResponse {
  masterVersion: string;
  slaveVersion: string;
  AgentStatus: AgentStatusName;
  ParallelTaskCount: number;
  envs: Record<string, string>;
  gateway: string;
  fileGateway: string;
  props: Record<string, unknown>;
}

export class ShutdownQueryDto {
  @IsOptional() @ToBoolean() @IsBoolean() shutdownNormal?: boolean;
}

/** Which kinds of work the agent takes now (BK-CI AskEnable, the part used here). */
export class AskEnableDto {
  @IsOptional() @IsIn(['ALL', 'NONE']) build?: 'ALL' | 'NONE';
}

/** The long poll: how long to hold the request open when there is no work. */
export class AskDto {
  @IsOptional() @IsObject() @ValidateNested() @Type(() => AskEnableDto) askEnable?: AskEnableDto;
  @IsOptional() @IsInt() @Min(1) @Max(60) waitSeconds?: number;
}
