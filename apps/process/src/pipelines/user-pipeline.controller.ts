import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAuthenticated, RequirePermission } from '@bkci/auth';
import { USER_PIPELINE, USER_PIPELINE_STATUS, USER_PIPELINES_CONTROLLER } from '@bkci/contracts';
import { MODEL_SCHEMA } from '@bkci/pipeline-model';
import type { Model } from '@bkci/pipeline-model';
import { PipelineListRowDto, PipelinePageDto } from './dto/pipeline-answer.dto';
import { ListPipelinesDto, PipelineExistDto, PipelineListRow, PipelinePage } from './dto/pipeline-list.dto';
import { PipelineIdDto } from './dto/pipeline.dto';
import { PipelineListService } from './pipeline-list.service';
import { PipelineService } from './pipeline.service';

/**
 * BK-CI's UserPipelineResource: the body is a Model and the pipeline's name is the Model's. Also what
 * v4 `pipelines/pipeline` and `pipelines/pipeline_list` reach.
 */
@ApiTags('pipelines')
@ApiExtraModels(PipelineListRowDto)
@Controller(USER_PIPELINES_CONTROLLER)
export class UserPipelineController {
  constructor(
    private readonly pipelines: PipelineService,
    private readonly lists: PipelineListService,
  ) {}

  /** BK-CI's list of the pipelines the caller may list, a page at a time. */
  @Get()
  @RequirePermission('pipeline_list')
  @ApiOkResponse({ type: PipelinePageDto })
  list(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: ListPipelinesDto): Promise<PipelinePage> {
    return this.lists.list(caller, projectId, query);
  }

  /** Declared before `:pipelineId`, which would take it for a pipeline id. */
  @Get('hasCreatePermission')
  @RequireAuthenticated()
  @ApiOkResponse({ type: Boolean })
  hasCreatePermission(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string): Promise<boolean> {
    return this.lists.mayCreate(caller, projectId);
  }

  /** Whether a live pipeline of the project has this name; tells no more than the list does. */
  @Get('pipelineExist')
  @RequirePermission('pipeline_list')
  @ApiOkResponse({ type: Boolean })
  pipelineExist(@Param('projectId') projectId: string, @Query() query: PipelineExistDto): Promise<boolean> {
    return this.lists.nameTaken(projectId, query.pipelineName);
  }

  @Post()
  @RequirePermission('pipeline_create')
  @ApiBody({ schema: MODEL_SCHEMA })
  @ApiCreatedResponse({ type: PipelineIdDto })
  async create(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() model: Model): Promise<PipelineIdDto> {
    const { pipelineId } = await this.pipelines.create(caller, projectId, { model });
    return { id: pipelineId };
  }

  @Put(USER_PIPELINE)
  @RequirePermission('pipeline_edit')
  @ApiBody({ schema: MODEL_SCHEMA })
  @ApiOkResponse({ type: Boolean })
  async save(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Body() model: Model,
  ): Promise<boolean> {
    await this.pipelines.saveVersion(caller, projectId, pipelineId, { model });
    return true;
  }

  /** The pipeline as its list row shows it, with its latest build (BK-CI getSinglePipelineStatus); null when there is no such pipeline. */
  @Get(USER_PIPELINE_STATUS)
  @RequirePermission('pipeline_view')
  @ApiOkResponse({ description: 'null when there is no such pipeline', schema: { allOf: [{ $ref: getSchemaPath(PipelineListRowDto) }], nullable: true } })
  status(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string): Promise<PipelineListRow | null> {
    return this.lists.status(projectId, pipelineId);
  }

  /** The latest version's Model, with `latestVersion` set as BK-CI does. */
  @Get(USER_PIPELINE)
  @RequirePermission('pipeline_view')
  @ApiOkResponse({ schema: MODEL_SCHEMA, description: "The latest version's Model, `latestVersion` set" })
  async get(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string): Promise<Model> {
    const latest = await this.pipelines.getVersion(projectId, pipelineId);
    return { ...latest.model, latestVersion: latest.version };
  }

  @Delete(USER_PIPELINE)
  @RequirePermission('pipeline_delete')
  @ApiOkResponse({ type: Boolean })
  async delete(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
  ): Promise<boolean> {
    await this.pipelines.delete(caller, projectId, pipelineId);
    return true;
  }
}
