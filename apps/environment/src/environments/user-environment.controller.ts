import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { Caller, CurrentCaller, PermissionChecker, RequireAuthenticated, RequirePermission } from '@bkci/auth';
import { EnvNodeInfo, USER_ENVIRONMENT_CALLS, USER_ENVIRONMENT_CONTROLLER } from '@bkci/contracts';
import { invalidRequest, Page } from '@bkci/core';
import { StringListBodyPipe } from '../string-list-body.pipe';
import {
  AddNodesNewDto,
  BuildEnvsDto,
  CreateEnvDto,
  EnableNodeBodyDto,
  EnableNodeByNameQueryDto,
  EnableNodeQueryDto,
  EnvCountQueryDto,
  EnvNodesQueryDto,
  EnvVarsQueryDto,
  ListEnvsDto,
  ListSharesDto,
  OperateLogQueryDto,
  ShareEnvDto,
  UpdateEnvDto,
} from './dto/env.dto';
import { NodeBaseInfoDto, NodeBaseInfoPageDto } from '../nodes/dto/node-answer.dto';
import { EnvHashIdDto, EnvVarDto, EnvWithPermissionDto } from './dto/env-answer.dto';
import { EnvMembers } from './env-members.service';
import { EnvOperateLogService } from './env-operate-log.service';
import { EnvShareService } from './env-share.service';
import { ENV_TYPES } from './env-types';
import { EnvOperateLogView, EnvVarView, EnvWithNodeCount, EnvWithPermission, SharedProjectInfo } from './env-views';
import { EnvService } from './env.service';

const ON_ENV = { resourceParam: 'envHashId' };

/**
 * BK-CI's GET /user/environment/operateLog (the project is a query parameter). Registered before
 * UserEnvironmentController, whose `GET :projectId` would take `operateLog` for a project.
 */
@ApiTags('environments')
@Controller('user/environment')
export class UserEnvOperateLogController {
  constructor(private readonly operateLog: EnvOperateLogService) {}

  @Get('operateLog')
  @RequireAuthenticated()
  page(@CurrentCaller() caller: Caller, @Query() query: OperateLogQueryDto): Promise<Page<EnvOperateLogView>> {
    return this.operateLog.page(caller, query);
  }
}

/** BK-CI's /user/environment/{projectId} API. Fixed paths come before `:envHashId`, which would take them for an id. */
@ApiTags('environments')
@ApiExtraModels(NodeBaseInfoDto)
@Controller(USER_ENVIRONMENT_CONTROLLER)
export class UserEnvironmentController {
  constructor(
    private readonly envs: EnvService,
    private readonly members: EnvMembers,
    private readonly shares: EnvShareService,
    private readonly permissions: PermissionChecker,
  ) {}

  @Get('hasCreatePermission')
  @RequireAuthenticated()
  @ApiOkResponse({ type: Boolean })
  hasCreatePermission(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string): Promise<boolean> {
    return this.permissions.allows(caller, projectId, 'environment_create');
  }

  /** Scoped by the service to the envs the caller may list, plus those shared into the project. */
  @Get('types/:envType')
  @RequireAuthenticated()
  listByType(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envType') envType: string): Promise<EnvWithNodeCount[]> {
    if (!(ENV_TYPES as readonly string[]).includes(envType)) throw invalidRequest([{ field: 'envType', problems: [`must be one of ${ENV_TYPES.join(', ')}`] }]);
    return this.envs.listByType(caller, projectId, envType);
  }

  @Get('buildEnvs')
  @RequireAuthenticated()
  listBuildEnvs(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: BuildEnvsDto): Promise<EnvWithNodeCount[]> {
    return this.envs.listBuildEnvs(caller, projectId, query.os);
  }

  /** BK-CI getEnvCount: how many envs of each type. */
  @Get('envCount')
  @RequirePermission('project_visit')
  envCount(@Param('projectId') projectId: string, @Query() query: EnvCountQueryDto): Promise<Record<string, number>> {
    return this.envs.countByType(projectId, query.createEnv);
  }

  /** v4 envNames_to_envInfo: the project's envs by name, with whether the caller may use each. */
  @Post(USER_ENVIRONMENT_CALLS.listRawByEnvNames)
  @HttpCode(200)
  @RequirePermission('project_visit')
  @ApiOkResponse({ type: [EnvWithPermissionDto] })
  listRawByEnvNames(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body(StringListBodyPipe) envNames: string[]): Promise<EnvWithPermission[]> {
    return this.envs.listRaw(caller, projectId, { envNames });
  }

  /** v4 envHashIds_to_envInfo. */
  @Post(USER_ENVIRONMENT_CALLS.listRawByEnvHashIds)
  @HttpCode(200)
  @RequirePermission('project_visit')
  @ApiOkResponse({ type: [EnvWithPermissionDto] })
  listRawByEnvHashIds(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body(StringListBodyPipe) envHashIds: string[]): Promise<EnvWithPermission[]> {
    return this.envs.listRaw(caller, projectId, { envHashIds });
  }

  /** v4 envHashIds_to_nodes: the members of each env, by its hash id. */
  @Post(USER_ENVIRONMENT_CALLS.listNodesByEnvHashIds)
  @HttpCode(200)
  @RequirePermission('project_visit')
  @ApiOkResponse({ description: 'envHashId → its nodes', schema: { type: 'object', additionalProperties: { type: 'array', items: { $ref: getSchemaPath(NodeBaseInfoDto) } } } })
  listNodesByEnvHashIds(@Param('projectId') projectId: string, @Body(StringListBodyPipe) envHashIds: string[]): Promise<Record<string, EnvNodeInfo[]>> {
    return this.members.byEnvHashIds(projectId, envHashIds);
  }

  /** BK-CI's by-name enableNode (v4 enable_env_node); edit on the env is checked once it is found. */
  @Put(USER_ENVIRONMENT_CALLS.enableNode)
  @RequireAuthenticated()
  @ApiOkResponse({ type: Boolean })
  async enableNodeByName(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: EnableNodeByNameQueryDto, @Body() body: EnableNodeBodyDto): Promise<boolean> {
    await this.members.setEnabled(caller, projectId, { hashId: query.envHashId, name: query.envName }, { hashId: query.nodeHashId, name: query.nodeName }, query.enableNode, body.reason, true);
    return true;
  }

  @Post()
  @RequirePermission('environment_create')
  @ApiCreatedResponse({ type: EnvHashIdDto })
  create(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() dto: CreateEnvDto): Promise<{ hashId: string }> {
    return this.envs.create(caller, projectId, dto);
  }

  /** Open to per-env grants too, so the service decides what the caller may list. */
  @Get()
  @RequireAuthenticated()
  @ApiOkResponse({ type: [EnvWithPermissionDto] })
  list(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: ListEnvsDto): Promise<EnvWithPermission[]> {
    return this.envs.list(caller, projectId, query);
  }

  @Get(':envHashId')
  @RequirePermission('environment_view', ON_ENV)
  @ApiOkResponse({ type: EnvWithPermissionDto })
  get(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string): Promise<EnvWithPermission> {
    return this.envs.get(caller, projectId, envHashId);
  }

  @Post(':envHashId')
  @HttpCode(200)
  @RequirePermission('environment_edit', ON_ENV)
  @ApiOkResponse({ type: Boolean })
  async update(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string, @Body() dto: UpdateEnvDto): Promise<boolean> {
    await this.envs.update(caller, projectId, envHashId, dto);
    return true;
  }

  @Delete(':envHashId')
  @RequirePermission('environment_delete', ON_ENV)
  @ApiOkResponse({ type: Boolean })
  async delete(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string): Promise<boolean> {
    await this.envs.delete(caller, projectId, envHashId);
    return true;
  }

  @Get(':envHashId/envs')
  @RequirePermission('environment_view', ON_ENV)
  @ApiOkResponse({ type: [EnvVarDto] })
  envVars(@Param('projectId') projectId: string, @Param('envHashId') envHashId: string, @Query() query: EnvVarsQueryDto): Promise<EnvVarView[]> {
    return this.envs.envVars(projectId, envHashId, query);
  }

  @Post(':envHashId/listNodes')
  @HttpCode(200)
  @RequirePermission('environment_view', ON_ENV)
  @ApiOkResponse({ type: [NodeBaseInfoDto] })
  listNodes(@Param('projectId') projectId: string, @Param('envHashId') envHashId: string): Promise<EnvNodeInfo[]> {
    return this.members.list(projectId, envHashId);
  }

  @Get(USER_ENVIRONMENT_CALLS.listNodesNew)
  @RequirePermission('environment_view', ON_ENV)
  @ApiOkResponse({ type: NodeBaseInfoPageDto })
  listNodesNew(@Param('projectId') projectId: string, @Param('envHashId') envHashId: string, @Query() query: EnvNodesQueryDto): Promise<Page<EnvNodeInfo>> {
    return this.members.page(projectId, envHashId, query);
  }

  @Post(USER_ENVIRONMENT_CALLS.addNodes)
  @HttpCode(200)
  @RequirePermission('environment_edit', ON_ENV)
  @ApiOkResponse({ type: Boolean })
  async addNodes(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string, @Body(StringListBodyPipe) nodeHashIds: string[]): Promise<boolean> {
    await this.members.add(caller, projectId, envHashId, nodeHashIds);
    return true;
  }

  /** The console's form of addNodes (BK-CI EnvAddNodesData). */
  @Post(':envHashId/addNodesNew')
  @HttpCode(200)
  @RequirePermission('environment_edit', ON_ENV)
  @ApiOkResponse({ type: Boolean })
  async addNodesNew(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string, @Body() dto: AddNodesNewDto): Promise<boolean> {
    await this.members.add(caller, projectId, envHashId, [...new Set(dto.nodeHashIds ?? [])]);
    return true;
  }

  @Post(USER_ENVIRONMENT_CALLS.deleteNodes)
  @HttpCode(200)
  @RequirePermission('environment_edit', ON_ENV)
  @ApiOkResponse({ type: Boolean })
  async deleteNodes(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string, @Body(StringListBodyPipe) nodeHashIds: string[]): Promise<boolean> {
    await this.members.remove(caller, projectId, envHashId, nodeHashIds);
    return true;
  }

  @Put(':envHashId/enableNode/:nodeHashId')
  @RequirePermission('environment_edit', ON_ENV)
  @ApiOkResponse({ type: Boolean })
  async enableNode(
    @CurrentCaller() caller: Caller,
    @Param('projectId') projectId: string,
    @Param('envHashId') envHashId: string,
    @Param('nodeHashId') nodeHashId: string,
    @Query() query: EnableNodeQueryDto,
    @Body() body: EnableNodeBodyDto,
  ): Promise<boolean> {
    await this.members.setEnabled(caller, projectId, { hashId: envHashId }, { hashId: nodeHashId }, query.enableNode, body.reason, false);
    return true;
  }

  @Get(':envHashId/list')
  @RequirePermission('environment_view', ON_ENV)
  listShares(@Param('projectId') projectId: string, @Param('envHashId') envHashId: string, @Query() query: ListSharesDto): Promise<Page<SharedProjectInfo>> {
    return this.shares.page(projectId, envHashId, query);
  }

  @Post(USER_ENVIRONMENT_CALLS.share)
  @HttpCode(200)
  @RequirePermission('environment_edit', ON_ENV)
  @ApiOkResponse({ type: Boolean })
  async share(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string, @Body() dto: ShareEnvDto): Promise<boolean> {
    await this.shares.share(caller, projectId, envHashId, dto);
    return true;
  }

  @Delete(USER_ENVIRONMENT_CALLS.share)
  @RequirePermission('environment_delete', ON_ENV)
  @ApiOkResponse({ type: Boolean })
  async unshareAll(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string): Promise<boolean> {
    await this.shares.unshare(caller, projectId, envHashId, null);
    return true;
  }

  @Delete(':envHashId/:sharedProjectId/sharedProject')
  @RequirePermission('environment_delete', ON_ENV)
  @ApiOkResponse({ type: Boolean })
  async unshare(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string, @Param('sharedProjectId') sharedProjectId: string): Promise<boolean> {
    await this.shares.unshare(caller, projectId, envHashId, sharedProjectId);
    return true;
  }
}
