import { Body, Controller, Param, ParseIntPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, PermissionChecker, RequireAuthenticated, RequirePermission } from '@bkci/auth';
import { PIPELINE_FROM_TEMPLATE_CONTROLLER, PIPELINE_VERSION_CALLS } from '@bkci/contracts';
import { CommonError, CommonErrorCode } from '@bkci/core';
import { DeployPipelineResult, DeployPipelineResultDto, PipelineReleaseDraftDto, PipelineSaveDraftDto } from './dto/pipeline-draft.dto';
import { PipelineDraftService } from './pipeline-draft.service';

const versionPipe = new ParseIntPipe({
  exceptionFactory: () => new CommonError(CommonErrorCode.PARAMETER_INVALID, 'version must be an integer'),
});

/**
 * BK-CI's UserPipelineVersionResource savePipelineDraft and releaseDraftVersion: how its console
 * creates and edits a pipeline, from a Model or from v3.0 YAML (storageType YAML). v4
 * `version/save_draft` and `version/release_version` reach them too.
 */
@ApiTags('pipelines')
@Controller(PIPELINE_FROM_TEMPLATE_CONTROLLER)
export class UserPipelineDraftController {
  constructor(
    private readonly drafts: PipelineDraftService,
    private readonly permissions: PermissionChecker,
  ) {}

  /** Needs pipeline create without a pipelineId (the save creates the pipeline), pipeline edit with one. */
  @Post(PIPELINE_VERSION_CALLS.saveDraft)
  @RequireAuthenticated()
  @ApiCreatedResponse({ type: DeployPipelineResultDto })
  async saveDraft(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() body: PipelineSaveDraftDto): Promise<DeployPipelineResult> {
    await this.permissions.assertAllowed(caller, projectId, body.pipelineId === undefined ? 'pipeline_create' : 'pipeline_edit', body.pipelineId);
    return this.drafts.saveDraft(caller, projectId, body);
  }

  @Post(PIPELINE_VERSION_CALLS.releaseDraft)
  @RequirePermission('pipeline_edit', { resourceParam: 'pipelineId' })
  @ApiCreatedResponse({ type: DeployPipelineResultDto })
  releaseDraft(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Param('version', versionPipe) version: number,
    @Body() body: PipelineReleaseDraftDto,
  ): Promise<DeployPipelineResult> {
    return this.drafts.releaseDraft(caller, projectId, pipelineId, version, body);
  }
}
