import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ToBoolean } from '@bkci/core';
import { LOG_TYPES, LogType } from '../../log-line';

/** The most lines one read answers (BK-CI's NORMAL_MAX_LINES). */
export const MAX_LINES_PER_READ = 10_000;

/** The filters every read takes (BK-CI's query parameters; `jobId` is the job's container hash id). */
export class LogFilterQueryDto {
  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @ToBoolean() @IsBoolean() debug?: boolean;
  @ApiPropertyOptional({ type: String, enum: LOG_TYPES }) @IsOptional() @IsIn(LOG_TYPES) logType?: LogType;
  @ApiPropertyOptional({ type: String, description: 'The step (element id)' }) @IsOptional() @IsString() @Length(1, 128) tag?: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @Length(1, 128) subTag?: string;
  @ApiPropertyOptional({ type: String, description: "The job's container hash id" }) @IsOptional() @IsString() @Length(1, 64) jobId?: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @Length(1, 128) stepId?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Which run of the build (retries count up from 1)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) executeCount?: number;
}

/** Service callers may also name the user's job id from the YAML (BK-CI's internal `jobId`). */
export class ServiceLogFilterQueryDto extends LogFilterQueryDto {
  @ApiPropertyOptional({ type: String, description: 'The job id from the YAML' }) @IsOptional() @IsString() @Length(1, 128) userJobId?: string;
}

/** BK-CI's internal and v4 init also take `reverse`: the last lines first. */
export class InitLogsQueryDto extends ServiceLogFilterQueryDto {
  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @ToBoolean() @IsBoolean() reverse?: boolean;
}

export class MoreLogsQueryDto extends ServiceLogFilterQueryDto {
  @ApiProperty({ type: 'integer' }) @Type(() => Number) @IsInt() @Min(0) start: number;
  @ApiProperty({ type: 'integer' }) @Type(() => Number) @IsInt() @Min(0) end: number;
  @ApiPropertyOptional({ type: 'integer', maximum: MAX_LINES_PER_READ }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_LINES_PER_READ) num?: number;
  @ApiPropertyOptional({ type: Boolean }) @IsOptional() @ToBoolean() @IsBoolean() fromStart?: boolean;
}

export class AfterLogsQueryDto extends ServiceLogFilterQueryDto {
  @ApiProperty({ type: 'integer' }) @Type(() => Number) @IsInt() @Min(0) start: number;
}

export class LatestLogsQueryDto extends ServiceLogFilterQueryDto {
  @ApiPropertyOptional({ type: 'integer', maximum: MAX_LINES_PER_READ }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_LINES_PER_READ) size?: number;
}

/** BK-CI checks the range itself (1 ≤ start ≤ end, at most NORMAL_MAX_LINES lines); so does the service. */
export class MiddleLogsQueryDto extends ServiceLogFilterQueryDto {
  @ApiProperty({ type: 'integer' }) @Type(() => Number) @IsInt() start: number;
  @ApiProperty({ type: 'integer' }) @Type(() => Number) @IsInt() end: number;
}

export class DownloadLogsQueryDto {
  @ApiPropertyOptional({ type: String, description: 'The step (element id)' }) @IsOptional() @IsString() @Length(1, 128) tag?: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @Length(1, 128) subTag?: string;
  @ApiPropertyOptional({ type: String, description: "The job's container hash id" }) @IsOptional() @IsString() @Length(1, 64) jobId?: string;
  @ApiPropertyOptional({ type: String, description: 'The job id from the YAML' }) @IsOptional() @IsString() @Length(1, 128) userJobId?: string;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @Length(1, 128) stepId?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Which run of the build (retries count up from 1)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) executeCount?: number;
  @ApiPropertyOptional({ type: String }) @IsOptional() @IsString() @Length(1, 128) fileName?: string;
}

export class LogModeQueryDto {
  @ApiPropertyOptional({ type: String, description: 'The step (element id)' }) @IsOptional() @IsString() @Length(1, 128) tag?: string;
  @ApiPropertyOptional({ type: 'integer', description: 'Which run of the build (retries count up from 1)' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) executeCount?: number;
}

/** The live tail: the filters, and where to start when the client sends no Last-Event-ID. */
export class LogStreamQueryDto extends LogFilterQueryDto {
  @ApiPropertyOptional({ type: 'integer' }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) start?: number;
}
