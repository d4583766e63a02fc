import { Body, Controller, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequirePermission } from '@bkci/auth';
import { CREATE_PIPELINE_WITH_TEMPLATE, PIPELINE_FROM_TEMPLATE_CONTROLLER } from '@bkci/contracts';
import { DeployPipelineResult, DeployPipelineResultDto } from '../../pipelines/dto/pipeline-draft.dto';
import { CreatePipelineWithTemplateDto } from './pipeline-from-template.dto';
import { PipelineFromTemplateService } from './pipeline-from-template.service';

/** BK-CI UserPipelineVersionResource.createPipelineFromTemplate; also what v4 `version/create_with_template` reaches. */
@ApiTags('pipelines')
@Controller(PIPELINE_FROM_TEMPLATE_CONTROLLER)
export class PipelineFromTemplateController {
  constructor(private readonly pipelines: PipelineFromTemplateService) {}

  /** Needs pipeline create in the project, and view on the template (checked by the service). */
  @Post(CREATE_PIPELINE_WITH_TEMPLATE)
  @RequirePermission('pipeline_create')
  @ApiCreatedResponse({ type: DeployPipelineResultDto })
  create(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() body: CreatePipelineWithTemplateDto): Promise<DeployPipelineResult> {
    return this.pipelines.create(caller, projectId, body);
  }
}
