import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import type { BuildTaskResult, WorkerBuildFinish } from '@bkci/contracts';

/** BK-CI BuildTaskResult: what a worker reports when a step ends. */
export class BuildTaskResultDto implements BuildTaskResult {
  @IsString() @MaxLength(64) taskId: string;
  @IsOptional() @IsString() @MaxLength(64) elementId?: string;
  @IsOptional() @IsString() @MaxLength(64) containerId?: string;
  @IsBoolean() success: boolean;
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) executeCount?: number;
  /** Variables the step sets (its outputs). */
  @IsOptional() @IsObject() buildResult?: Record<string, unknown>;
  @IsOptional() @IsString() @MaxLength(4000) message?: string;
  @IsOptional() @IsString() @MaxLength(64) type?: string;
  @IsOptional() @IsString() @MaxLength(32) errorType?: string;
  @IsOptional() @Type(() => Number) @IsInt() errorCode?: number;
}

/** BK-CI BuildJobResult. */
export class BuildJobResultDto {
  @IsOptional() @IsString() @MaxLength(4000) message?: string;
}

/** BK-CI ThirdPartyBuildWithStatus: the agent's word that a job's worker is gone. */
export class WorkerBuildFinishDto implements WorkerBuildFinish {
  @IsString() @MaxLength(64) projectId: string;
  @IsString() @MaxLength(34) buildId: string;
  @IsString() @MaxLength(64) vmSeqId: string;
  @IsBoolean() success: boolean;
  @IsOptional() @IsString() @MaxLength(4000) message?: string;
  /** Which run of the job it was: a retried build runs its jobs again under a higher count. */
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) executeCount?: number;
}

export class ExecuteCountQueryDto {
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) executeCount?: number;
}
