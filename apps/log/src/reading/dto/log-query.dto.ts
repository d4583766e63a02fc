import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { ToBoolean } from '@bkci/core';
import { LOG_TYPES, LogType } from '../../log-line';

/** The most lines one read answers (BK-CI's NORMAL_MAX_LINES). */
export const MAX_LINES_PER_READ = 10_000;

/** The filters every read takes (BK-CI's query parameters; `jobId` is the job's container hash id). */
export class LogFilterQueryDto {
  @IsOptional() @ToBoolean() @IsBoolean() debug?: boolean;
  @IsOptional() @IsIn(LOG_TYPES) logType?: LogType;
  @IsOptional() @IsString() @Length(1, 128) tag?: string;
  @IsOptional() @IsString() @Length(1, 128) subTag?: string;
  @IsOptional() @IsString() @Length(1, 64) jobId?: string;
  @IsOptional() @IsString() @Length(1, 128) stepId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) executeCount?: number;
}

/** Service callers may also name the user's job id from the YAML (BK-CI's internal `jobId`). */
export class ServiceLogFilterQueryDto extends LogFilterQueryDto {
  @IsOptional() @IsString() @Length(1, 128) userJobId?: string;
}

/** BK-CI's internal and v4 init also take `reverse`: the last lines first. */
export class InitLogsQueryDto extends ServiceLogFilterQueryDto {
  @IsOptional() @ToBoolean() @IsBoolean() reverse?: boolean;
}

export class MoreLogsQueryDto extends ServiceLogFilterQueryDto {
  @Type(() => Number) @IsInt() @Min(0) start: number;
  @Type(() => Number) @IsInt() @Min(0) end: number;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_LINES_PER_READ) num?: number;
  @IsOptional() @ToBoolean() @IsBoolean() fromStart?: boolean;
}

export class AfterLogsQueryDto extends ServiceLogFilterQueryDto {
  @Type(() => Number) @IsInt() @Min(0) start: number;
}

export class LatestLogsQueryDto extends ServiceLogFilterQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_LINES_PER_READ) size?: number;
}

/** BK-CI checks the range itself (1 ≤ start ≤ end, at most NORMAL_MAX_LINES lines); so does the service. */
export class MiddleLogsQueryDto extends ServiceLogFilterQueryDto {
  @Type(() => Number) @IsInt() start: number;
  @Type(() => Number) @IsInt() end: number;
}

export class DownloadLogsQueryDto {
  @IsOptional() @IsString() @Length(1, 128) tag?: string;
  @IsOptional() @IsString() @Length(1, 128) subTag?: string;
  @IsOptional() @IsString() @Length(1, 64) jobId?: string;
  @IsOptional() @IsString() @Length(1, 128) userJobId?: string;
  @IsOptional() @IsString() @Length(1, 128) stepId?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) executeCount?: number;
  @IsOptional() @IsString() @Length(1, 128) fileName?: string;
}

export class LogModeQueryDto {
  @IsOptional() @IsString() @Length(1, 128) tag?: string;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) executeCount?: number;
}

/** The live tail: the filters, and where to start when the client sends no Last-Event-ID. */
export class LogStreamQueryDto extends LogFilterQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) start?: number;
}
