import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequirePermission } from '@bkci/auth';
import { CommonError, CommonErrorCode } from '@bkci/core';
import { USER_BUILD_CALLS, USER_BUILDS_CONTROLLER } from '@bkci/contracts';
import { BuildCancelService } from './build-cancel.service';
import { BuildQueryService } from './build-query.service';
import { BuildId, BuildManualStartupInfo, BuildStartService } from './build-start.service';
import { BuildHistoryPageDto, BuildHistoryWithVarsDto, ModelDetailDto, ModelRecordDto } from './dto/build-answer.dto';
import { ManualReviewDto } from './dto/manual-review.dto';
import { StageReviewQueryDto, StageReviewRequestDto } from './dto/stage-review.dto';
import { ManualReviewAtom, ReviewInfo } from './engine/manual-review.atom';
import { StageReviewControl } from './engine/stage-review.control';
import { BuildRetryService } from './retry/build-retry.service';
import { RetryBuildQueryDto } from './retry/retry.dto';
import { BuildHistoryPage, BuildHistoryQueryDto, BuildHistoryWithVars, BuildRecordQueryDto, ModelDetail, ModelRecord, StartBuildQueryDto } from './dto/build.dto';

/** BK-CI's UserBuildResource (`/user/builds`). */
/** BuildId as the API documentation shows it. */
const BUILD_ID_SCHEMA = {
  type: 'object',
  required: ['id', 'num', 'executeCount', 'projectId', 'pipelineId'],
  properties: {
    id: { type: 'string', description: 'The build id' },
    num: { type: 'integer', description: 'The build number' },
    executeCount: { type: 'integer' },
    projectId: { type: 'string' },
    pipelineId: { type: 'string' },
  },
};

@ApiTags('builds')
@Controller(USER_BUILDS_CONTROLLER)
export class UserBuildController {
  constructor(
    private readonly starts: BuildStartService,
    private readonly queries: BuildQueryService,
    private readonly cancels: BuildCancelService,
    private readonly reviews: StageReviewControl,
    private readonly taskReviews: ManualReviewAtom,
    private readonly retries: BuildRetryService,
  ) {}

  /** The body is BK-CI's `Map<String, String>` of start values; none at all is an empty map. */
  @Post(USER_BUILD_CALLS.start)
  @HttpCode(200)
  @RequirePermission('pipeline_execute')
  @ApiBody({ required: false, description: 'Start values: parameter id → value', schema: { type: 'object', additionalProperties: { type: 'string' } } })
  @ApiOkResponse({ description: 'The build started', schema: BUILD_ID_SCHEMA })
  start(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Query() query: StartBuildQueryDto,
    @Body() body: unknown,
  ): Promise<BuildId> {
    const values = body ?? {};
    if (typeof values !== 'object' || Array.isArray(values)) {
      throw new CommonError(CommonErrorCode.PARAMETER_INVALID, 'The body must be a JSON object of start values (param id → value)');
    }
    return this.starts.manualStart(caller, projectId, pipelineId, { values: values as Record<string, unknown>, buildNo: query.buildNo, version: query.version });
  }

  /** BK-CI asks for execute permission here, not view: it is the start form. */
  @Get(USER_BUILD_CALLS.manualStartupInfo)
  @RequirePermission('pipeline_execute')
  manualStartupInfo(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Query() query: StartBuildQueryDto): Promise<BuildManualStartupInfo> {
    return this.starts.startupInfo(projectId, pipelineId, query.version);
  }

  /** Declared before `:buildId/status`'s siblings, which would take `history` for a build id. */
  @Get([USER_BUILD_CALLS.history, USER_BUILD_CALLS.historyNew])
  @RequirePermission('pipeline_view')
  @ApiOkResponse({ type: BuildHistoryPageDto })
  history(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Query() query: BuildHistoryQueryDto): Promise<BuildHistoryPage> {
    return this.queries.history(projectId, pipelineId, query);
  }

  @Get(USER_BUILD_CALLS.status)
  @RequirePermission('pipeline_view')
  @ApiOkResponse({ type: BuildHistoryWithVarsDto })
  status(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string): Promise<BuildHistoryWithVars> {
    return this.queries.status(projectId, pipelineId, buildId);
  }

  @Get(USER_BUILD_CALLS.detail)
  @RequirePermission('pipeline_view')
  @ApiOkResponse({ type: ModelDetailDto })
  detail(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string): Promise<ModelDetail> {
    return this.queries.detail(projectId, pipelineId, buildId);
  }

  /** BK-CI's getBuildRecordByExecuteCount: one execution of the build, as v4 `build_detail` answers. */
  @Get(USER_BUILD_CALLS.record)
  @RequirePermission('pipeline_view')
  @ApiOkResponse({ type: ModelRecordDto })
  record(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Query() query: BuildRecordQueryDto): Promise<ModelRecord> {
    return this.queries.record(projectId, pipelineId, buildId, query.executeCount);
  }

  /**
   * BK-CI's getBuildVariableValue (v4 `build_variables`): the named variables' values, a name the
   * build does not have left out; sensitive values stay masked as in the status read.
   */
  @Post(USER_BUILD_CALLS.variables)
  @HttpCode(200)
  @RequirePermission('pipeline_view')
  @ApiOkResponse({ description: 'Variable name → value; sensitive ones masked', schema: { type: 'object', additionalProperties: { type: 'string' } } })
  variables(@Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string, @Body() body: unknown): Promise<Record<string, string>> {
    if (!Array.isArray(body) || body.length === 0 || !body.every((name) => typeof name === 'string' && name !== '')) {
      throw new CommonError(CommonErrorCode.PARAMETER_INVALID, 'The body must be a non-empty JSON array of variable names, e.g. ["BK_CI_BUILD_NUM"]');
    }
    return this.queries.variables(projectId, pipelineId, buildId, body as string[]);
  }

  /**
   * BK-CI's manualStartStage: a reviewer of the waiting group approves a stage's check-in review, or
   * rejects it with `?cancel=true`. Execute permission on the pipeline, and being a reviewer of the group.
   */
  @Post(USER_BUILD_CALLS.manualStartStage)
  @HttpCode(200)
  @RequirePermission('pipeline_execute')
  @ApiOkResponse({ type: Boolean })
  async manualStartStage(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Param('buildId') buildId: string,
    @Param('stageId') stageId: string,
    @Query() query: StageReviewQueryDto,
    @Body() body: StageReviewRequestDto,
  ): Promise<boolean> {
    await this.reviews.review(caller, projectId, pipelineId, buildId, stageId, body ?? {}, query.cancel === true);
    return true;
  }

  /**
   * BK-CI's manualReview: one of a manual review step's reviewers approves (`status: PROCESS`) or
   * rejects (`ABORT`) it. Execute permission on the pipeline, and being one of the step's reviewers.
   */
  @Post(USER_BUILD_CALLS.manualReview)
  @HttpCode(200)
  @RequirePermission('pipeline_execute')
  @ApiOkResponse({ type: Boolean })
  async manualReview(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Param('buildId') buildId: string,
    @Param('elementId') elementId: string,
    @Body() body: ManualReviewDto,
  ): Promise<boolean> {
    await this.taskReviews.review(caller, projectId, pipelineId, buildId, elementId, body);
    return true;
  }

  /** BK-CI's goToReview: the review form of a manual review step, for one of its reviewers. */
  @Get(USER_BUILD_CALLS.goToReview)
  @RequirePermission('pipeline_view')
  goToReview(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Param('buildId') buildId: string,
    @Param('elementId') elementId: string,
  ): Promise<ReviewInfo> {
    return this.taskReviews.reviewInfo(caller, projectId, pipelineId, buildId, elementId);
  }

  /** BK-CI's manualShutdown (`DELETE …/{buildId}/`): the engine cancels the build once it takes the event. */
  @Delete(USER_BUILD_CALLS.stop)
  @RequirePermission('pipeline_execute')
  @ApiOkResponse({ type: Boolean })
  async stop(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('pipelineId') pipelineId: string, @Param('buildId') buildId: string): Promise<boolean> {
    await this.cancels.cancel(caller, projectId, pipelineId, buildId);
    return true;
  }

  /**
   * BK-CI's retry: an ended build runs again as its next execution — from its first failed stage, only
   * the failed jobs (`failedContainer`), one step, job or stage (`taskId`), or past a failed step (`skip`).
   */
  @Post(USER_BUILD_CALLS.retry)
  @HttpCode(200)
  @RequirePermission('pipeline_execute')
  @ApiOkResponse({ description: 'The build retried', schema: BUILD_ID_SCHEMA })
  retry(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('pipelineId') pipelineId: string,
    @Param('buildId') buildId: string,
    @Query() query: RetryBuildQueryDto,
  ): Promise<BuildId> {
    return this.retries.retry(caller, projectId, pipelineId, buildId, { taskId: query.taskId, failedContainer: query.failedContainer === true, skip: query.skip === true });
  }
}
