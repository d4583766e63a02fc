import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Page } from '@bkci/core';
import type { PipelineListRow, PipelinePage } from './pipeline-list.dto';
import type { PipelineVersionSummary } from './pipeline.dto';

/*
 * The pipeline reads' answers as the API document shows them (the SDK's types). Each implements the
 * answer's interface, so the compiler catches a field added there and not here.
 */

@ApiSchema({ name: 'PipelineListRow', description: "One pipeline as BK-CI's list shows it (its Pipeline), with its latest build. Times are epoch ms" })
export class PipelineListRowDto implements PipelineListRow {
  @ApiProperty() projectId: string;
  @ApiProperty() pipelineId: string;
  @ApiProperty() pipelineName: string;
  @ApiProperty() pipelineDesc: string;
  @ApiProperty({ type: 'integer', description: 'How many steps the latest version has' }) taskCount: number;
  @ApiProperty({ type: 'integer' }) buildCount: number;
  @ApiProperty() lock: boolean;
  @ApiProperty() canManualStartup: boolean;
  @ApiProperty({ type: 'integer', nullable: true, description: 'null when never built' }) latestBuildStartTime: number | null;
  @ApiProperty({ type: 'integer', nullable: true }) latestBuildEndTime: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The latest build\'s status (SUCCEED, RUNNING, …)' }) latestBuildStatus: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) latestBuildNum: number | null;
  @ApiProperty({ type: String, nullable: true }) latestBuildId: string | null;
  @ApiProperty({ type: 'integer', nullable: true }) latestBuildEstimatedExecutionSeconds: number | null;
  @ApiProperty({ type: 'integer' }) deploymentTime: number;
  @ApiProperty({ type: 'integer' }) createTime: number;
  @ApiProperty({ type: 'integer' }) updateTime: number;
  @ApiProperty({ type: 'integer' }) pipelineVersion: number;
  @ApiProperty({ type: 'integer', description: "The server's time of the answer" }) currentTimestamp: number;
  @ApiProperty({ type: 'integer' }) runningBuildCount: number;
  @ApiProperty() hasPermission: boolean;
  @ApiProperty() hasCollect: boolean;
  @ApiProperty() latestBuildUserId: string;
  @ApiProperty({ description: 'Whether the pipeline is an instance of a template' }) instanceFromTemplate: boolean;
  @ApiProperty({ type: String, nullable: true, description: "The template's id, for an instance" }) templateId: string | null;
  @ApiProperty({ type: 'integer', nullable: true, description: "The template's version, for an instance" }) version: number | null;
  @ApiProperty({ type: String, nullable: true, description: "The template's version name, for an instance" }) versionName: string | null;
  @ApiProperty() updater: string;
  @ApiProperty() creator: string;
  @ApiProperty() delete: boolean;
  @ApiProperty({ description: 'RELEASED, or COMMITTING while the pipeline has only a draft' }) latestVersionStatus: string;
}

@ApiSchema({ name: 'PipelinePage', description: "A page of the pipelines the caller may list (BK-CI PipelinePage)" })
export class PipelinePageDto implements PipelinePage {
  @ApiProperty({ type: 'integer', description: 'How many pipelines match, over all pages' }) count: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
  @ApiProperty({ type: 'integer' }) totalPages: number;
  @ApiProperty({ type: [PipelineListRowDto] }) records: PipelineListRowDto[];
  @ApiProperty() hasCreatePermission: boolean;
  @ApiProperty() hasPipelines: boolean;
  @ApiProperty() hasFavorPipelines: boolean;
  @ApiProperty() hasPermissionPipelines: boolean;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true, description: 'Views are not kept: null' }) currentView: null;
}

@ApiSchema({ name: 'PipelineVersionSummary', description: 'One version of a pipeline: a release or the draft. Times are epoch ms' })
export class PipelineVersionSummaryDto implements PipelineVersionSummary {
  @ApiProperty({ type: 'integer' }) version: number;
  @ApiProperty() versionName: string;
  @ApiProperty() creator: string;
  @ApiProperty({ type: 'integer' }) createTime: number;
  @ApiProperty({ description: 'RELEASED, or COMMITTING for the draft' }) status: string;
}

@ApiSchema({ name: 'PipelineVersionPage', description: 'A page of the versions of a pipeline' })
export class PipelineVersionPageDto implements Page<PipelineVersionSummary> {
  @ApiProperty({ type: 'integer', description: 'How many versions there are, over all pages' }) count: number;
  @ApiProperty({ type: 'integer' }) page: number;
  @ApiProperty({ type: 'integer' }) pageSize: number;
  @ApiProperty({ type: 'integer' }) totalPages: number;
  @ApiProperty({ type: [PipelineVersionSummaryDto] }) records: PipelineVersionSummaryDto[];
}
