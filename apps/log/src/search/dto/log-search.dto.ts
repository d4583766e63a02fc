import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { Page, PageQueryDto, ToBoolean } from '@bkci/core';
import { LOG_TYPES, LogLine, LogStatus, LogType } from '../../log-line';

export const DEFAULT_CONTEXT_LINES = 2;
const MAX_CONTEXT_LINES = 10;
export const DEFAULT_SEARCHED_BUILDS = 10;
const MAX_SEARCHED_BUILDS = 50;

/** A search in a build's log: the text (or regex) and the read API's line filters. */
export class LogSearchQueryDto extends PageQueryDto {
  /** Plain text, matched case-insensitively anywhere in a line; with `regex=true` a JavaScript regex, case-insensitive too. */
  @IsString()
  @Length(1, 256)
  q: string;

  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  regex?: boolean;

  /** Lines shown before and after each match. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(MAX_CONTEXT_LINES)
  context?: number;

  /** DEBUG lines are searched only when asked for, as BK-CI shows them. */
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  debug?: boolean;

  @IsOptional()
  @IsIn(LOG_TYPES)
  logType?: LogType;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  tag?: string;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  subTag?: string;

  /** BK-CI's `jobId` filter: the job's container hash id. */
  @IsOptional()
  @IsString()
  @Length(1, 64)
  jobId?: string;

  @IsOptional()
  @IsString()
  @Length(1, 128)
  stepId?: string;

  /** Which run of the build; 1 when absent, as BK-CI reads. */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  executeCount?: number;
}

/** A search over the pipeline's last `builds` builds. */
export class PipelineLogSearchQueryDto extends LogSearchQueryDto {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_SEARCHED_BUILDS)
  builds?: number;
}

/** A matching line with the lines around it (in the same filtered view). */
export interface LogMatch extends LogLine {
  buildId: string;
  before: LogLine[];
  after: LogLine[];
}

/**
 * BK-CI's page of matches. `status` is CLEAN when every searched build was cleaned by retention;
 * `truncated` when a regex search stopped at its budget, so `count` covers the lines read so far.
 */
export interface LogSearchPage extends Page<LogMatch> {
  status: LogStatus;
  truncated: boolean;
}
