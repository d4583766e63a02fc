import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';
import { LOG_TYPES, LogType } from '../../log-line';

/**
 * BK-CI's LogMessage, one line an agent or a service prints. Only `message` is required: a
 * timestamp of 0 (or none) means "now", absent tags are '', the type LOG and the run 1, as in BK-CI.
 */
export class LogMessageDto {
  @IsString() message: string;
  /** Epoch milliseconds; 0 means the server's time. */
  @IsOptional() @IsInt() @Min(0) timestamp?: number;
  /** The element (task) id. */
  @IsOptional() @IsString() @Length(0, 128) tag?: string;
  @IsOptional() @IsString() @Length(0, 128) subTag?: string;
  @IsOptional() @IsString() @Length(0, 128) stepId?: string;
  @IsOptional() @IsString() @Length(0, 128) jobId?: string;
  @IsOptional() @IsString() @Length(0, 64) containerHashId?: string;
  @IsOptional() @IsIn(LOG_TYPES) logType?: LogType;
  @IsOptional() @IsInt() @Min(1) @Max(10_000) executeCount?: number;
}

/** The service print routes name the build in the query (BK-CI's X-DEVOPS-BUILD-ID). */
export class ServicePrintQueryDto {
  @IsString() @Length(1, 64) buildId: string;
  /** With `pipelineId`, lets a service print to a build that has no log yet (its row is created). */
  @IsOptional() @IsString() @Length(1, 64) projectId?: string;
  @IsOptional() @IsString() @Length(1, 64) pipelineId?: string;
}

/** A number in the query (BK-CI's executeCount). */
export class ExecuteCountQueryDto {
  @Type(() => Number) @IsInt() @Min(1) @Max(10_000) executeCount: number;
}
