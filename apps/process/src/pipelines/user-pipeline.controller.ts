import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequirePermission } from '@bkci/auth';
import type { Model } from '@bkci/pipeline-model';
import { PipelineIdDto } from './dto/pipeline.dto';
import { PipelineService } from './pipeline.service';

/** BK-CI's UserPipelineResource: the body is a Model and the pipeline's name is the Model's. */
@ApiTags('pipelines')
@Controller('user/pipelines')
export class UserPipelineController {
  constructor(private readonly pipelines: PipelineService) {}

  @Post(':projectId')
  @RequirePermission('pipeline_create')
  async create(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() model: Model): Promise<PipelineIdDto> {
    const { pipelineId } = await this.pipelines.create(caller, projectId, { model });
    return { id: pipelineId };
  }

  @Put(':projectId/:pipelineId')
  @RequirePermission('pipeline_edit')
  async save(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Body() model: Model,
  ): Promise<boolean> {
    await this.pipelines.saveVersion(caller, projectId, pipelineId, { model });
    return true;
  }

  /** The latest version's Model, with `latestVersion` set as BK-CI does. */
  @Get(':projectId/:pipelineId')
  @RequirePermission('pipeline_view')
  async get(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string): Promise<Model> {
    const latest = await this.pipelines.getVersion(projectId, pipelineId);
    return { ...latest.model, latestVersion: latest.version };
  }

  @Delete(':projectId/:pipelineId')
  @RequirePermission('pipeline_delete')
  async delete(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
  ): Promise<boolean> {
    await this.pipelines.delete(caller, projectId, pipelineId);
    return true;
  }
}
