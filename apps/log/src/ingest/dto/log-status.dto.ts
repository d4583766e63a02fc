import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { IntersectionType } from '@nestjs/swagger';
import { ToBoolean } from '@bkci/core';
import { LOG_STORAGE_MODES, LogStorageMode } from '../../log-line';
import { ServicePrintQueryDto } from './log-message.dto';

/** BK-CI's status query (POST marks a task's log started, PUT finished); absent tags are the build's own status. */
export class LogStatusQueryDto {
  @IsOptional() @IsString() @Length(0, 128) tag?: string;
  @IsOptional() @IsString() @Length(0, 128) subTag?: string;
  /** The job's container hash id (BK-CI names it jobId here). */
  @IsOptional() @IsString() @Length(0, 64) jobId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(10_000) executeCount?: number;
  /** BK-CI's LogStorageMode.parse: any other value reads as UPLOAD. */
  @IsOptional() @IsString() @Length(0, 16) logMode?: string;
  /** The user's job id from the YAML. */
  @IsOptional() @IsString() @Length(0, 128) userJobId?: string;
  @IsOptional() @IsString() @Length(0, 128) stepId?: string;
}

export class LogStatusUpdateQueryDto extends LogStatusQueryDto {
  @ToBoolean() @IsBoolean() finished: boolean;
}

/** BK-CI's TaskBuildLogProperty: where one task's log ended up; its file paths are the agent's and ignored. */
export class TaskBuildLogPropertyDto {
  @IsString() @Length(1, 128) elementId: string;
  @IsOptional() @IsIn(LOG_STORAGE_MODES) logStorageMode?: LogStorageMode;
}

/** The service status routes: the build named in the query, and BK-CI's `logStorageMode` for the mode. */
export class ServiceLogStatusQueryDto extends IntersectionType(ServicePrintQueryDto, LogStatusQueryDto) {
  @IsOptional() @IsString() @Length(0, 16) logStorageMode?: string;
}

export class ServiceLogStatusUpdateQueryDto extends ServiceLogStatusQueryDto {
  @ToBoolean() @IsBoolean() finished: boolean;
}
