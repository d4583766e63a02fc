import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, MaxLength, Min } from 'class-validator';


/** BK-CI BuildTaskResult: what a worker reports when a step ends. */
export class BuildTaskResultDto {
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
export class WorkerBuildFinishDto {
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

/** BK-CI BuildVariables: what a worker starts a job with. */
export interface BuildVariables {
  buildId: string;
  vmSeqId: string;
  vmName: string;
  projectId: string;
  pipelineId: string;
  variables: Record<string, string>;
  buildEnvs: unknown[];
  containerId: string;
  containerHashId: string;
  jobId: string | null;
  variablesWithType: unknown[];
  timeoutMills: number;
  containerType: string;
}

/** BK-CI BuildTask: the answer to a claim. */
export interface BuildTask {
  buildId: string;
  vmSeqId: string;
  status: 'WAIT' | 'DO' | 'END';
  executeCount: number;
  taskId: string | null;
  elementId: string | null;
  stepId: string | null;
  elementName: string | null;
  elementVersion: string | null;
  type: string | null;
  params: Record<string, string> | null;
  buildVariable: Record<string, string> | null;
  containerType: string | null;
}

/** BK-CI HeartBeatInfo. */
export interface HeartBeatInfo {
  projectId: string;
  buildId: string;
  vmSeqId: string;
  cancelTaskIds: string[];
}

/** BK-CI ThirdPartyBuildInfo, with the job's build token (ours: the worker's identity on /build calls). */
export interface ThirdPartyBuildInfo {
  projectId: string;
  buildId: string;
  vmSeqId: string;
  workspace: string;
  pipelineId: string;
  executeCount: number;
  containerHashId: string;
  jobId: string | null;
  buildToken: string;
}

