import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, IsString, Length } from 'class-validator';
import { ToBoolean } from '@bkci/core';

/** The query of BK-CI's retry (`POST /user/builds/{projectId}/{pipelineId}/{buildId}/retry`, v4 `build_retry`). */
export class RetryBuildQueryDto {
  @ApiPropertyOptional({ description: "the step (its id or stepId), job or stage to run again; absent: the build from its first failed stage" })
  @IsOptional()
  @IsString()
  @Length(1, 128)
  taskId?: string;

  @ApiPropertyOptional({ description: 'only the failed or cancelled jobs of the stage run again' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  failedContainer?: boolean;

  @ApiPropertyOptional({ description: 'with taskId: the failed step (or the stage’s failed steps) is skipped and its job goes on after it' })
  @IsOptional()
  @ToBoolean()
  @IsBoolean()
  skip?: boolean;
}
