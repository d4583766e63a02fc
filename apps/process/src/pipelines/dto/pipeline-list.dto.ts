import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { PageQueryDto } from '@bkci/core';

/** BK-CI's PipelineSortType. */
export const PIPELINE_SORT_TYPES = ['NAME', 'CREATE_TIME', 'UPDATE_TIME', 'LAST_EXEC_TIME'] as const;
export type PipelineSortType = (typeof PIPELINE_SORT_TYPES)[number];

/** The query of BK-CI's `GET /user/pipelines/{projectId}` (UserPipelineResource.list). */
export class ListPipelinesDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PIPELINE_SORT_TYPES, default: 'CREATE_TIME' })
  @IsOptional()
  @IsIn(PIPELINE_SORT_TYPES, { message: `sortType must be one of ${PIPELINE_SORT_TYPES.join(', ')}` })
  sortType?: PipelineSortType;

  @ApiPropertyOptional({ description: 'names containing it' }) @IsOptional() @IsString() @Length(1, 128) filterByPipelineName?: string;
}

export class PipelineExistDto {
  @ApiProperty() @IsString() @Length(1, 255) pipelineName: string;
}

/**
 * One row of BK-CI's pipeline list (its `Pipeline`). Fields about builds keep BK-CI's "never
 * built" values until the build engine exists.
 */
export interface PipelineListRow {
  projectId: string;
  pipelineId: string;
  pipelineName: string;
  pipelineDesc: string;
  taskCount: number;
  buildCount: number;
  lock: boolean;
  canManualStartup: boolean;
  latestBuildStartTime: number | null;
  latestBuildEndTime: number | null;
  latestBuildStatus: string | null;
  latestBuildNum: number | null;
  latestBuildId: string | null;
  latestBuildEstimatedExecutionSeconds: number | null;
  deploymentTime: number;
  createTime: number;
  updateTime: number;
  pipelineVersion: number;
  currentTimestamp: number;
  runningBuildCount: number;
  hasPermission: boolean;
  hasCollect: boolean;
  latestBuildUserId: string;
  /** Whether the pipeline has a template relation; templateId, version and versionName are the template's. */
  instanceFromTemplate: boolean;
  templateId: string | null;
  version: number | null;
  versionName: string | null;
  updater: string;
  creator: string;
  delete: boolean;
  latestVersionStatus: string;
}

/** BK-CI's PipelinePage: a page plus what the list page needs to know about the project. */
export interface PipelinePage {
  count: number;
  page: number;
  pageSize: number;
  totalPages: number;
  records: PipelineListRow[];
  hasCreatePermission: boolean;
  hasPipelines: boolean;
  hasFavorPipelines: boolean;
  hasPermissionPipelines: boolean;
  currentView: null;
}
