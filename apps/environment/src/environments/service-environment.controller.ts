import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, PermissionChecker, RequireService } from '@bkci/auth';
import { ENV_ENABLED_NODES, ENV_ENABLED_NODES_BY_NAME, EnvEnabledNodes, ENVIRONMENT_SERVICE_CONTROLLER, EnvNodeInfo } from '@bkci/contracts';
import { StringListBodyPipe } from '../string-list-body.pipe';
import { BuildEnvsDto, CreateEnvDto, EnableNodeBodyDto, EnableNodeByNameQueryDto, EnvByNameQueryDto, ListEnvsDto } from './dto/env.dto';
import { EnvMembers } from './env-members.service';
import { EnvWithNodeCount, EnvWithPermission } from './env-views';
import { EnvService } from './env.service';

/**
 * BK-CI's /service/environment API for other apps. Reads see every env of the project, as in
 * BK-CI; writes act for the user the service token names and check that user's permission.
 */
@ApiTags('environments (service)')
@Controller(ENVIRONMENT_SERVICE_CONTROLLER)
export class ServiceEnvironmentController {
  constructor(
    private readonly envs: EnvService,
    private readonly members: EnvMembers,
    private readonly permissions: PermissionChecker,
  ) {}

  /** For the engine: the enabled nodes of an env of the project. */
  @Get(ENV_ENABLED_NODES.path)
  @RequireService()
  enabledNodes(@Param('projectId') projectId: string, @Param('envHashId') envHashId: string): Promise<EnvEnabledNodes> {
    return this.members.enabledNodes(projectId, envHashId);
  }

  /** For the engine: the enabled nodes of an env by name, `<mainProjectId>@<envName>` for a shared one. */
  @Get(ENV_ENABLED_NODES_BY_NAME.path)
  @RequireService()
  enabledNodesByName(@Param('projectId') projectId: string, @Query() query: EnvByNameQueryDto): Promise<EnvEnabledNodes> {
    return this.members.enabledNodesByName(projectId, query.envName);
  }

  @Get('projects/:projectId/list')
  @RequireService()
  list(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: ListEnvsDto): Promise<EnvWithPermission[]> {
    return this.envs.list({ ...caller, admin: true }, projectId, query);
  }

  @Post('projects/:projectId')
  @RequireService()
  async create(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() dto: CreateEnvDto): Promise<{ hashId: string }> {
    await this.permissions.assertAllowed(caller, projectId, 'environment_create');
    return this.envs.create(caller, projectId, dto);
  }

  @Get('projects/:projectId/envs/name')
  @RequireService()
  async getByName(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: EnvByNameQueryDto): Promise<EnvWithPermission> {
    const env = await this.members.requireEnv(projectId, { name: query.envName });
    return this.envs.get({ ...caller, admin: true }, projectId, env.envHashId);
  }

  @Get('projects/:projectId/envs/:envHashId')
  @RequireService()
  get(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string): Promise<EnvWithPermission> {
    return this.envs.get({ ...caller, admin: true }, projectId, envHashId);
  }

  @Delete('projects/:projectId/envs/:envHashId')
  @RequireService()
  async delete(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string): Promise<boolean> {
    await this.permissions.assertAllowed(caller, projectId, 'environment_delete', envHashId);
    await this.envs.delete(caller, projectId, envHashId);
    return true;
  }

  @Post('projects/:projectId/envs/:envHashId/add_nodes')
  @HttpCode(200)
  @RequireService()
  async addNodes(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string, @Body(StringListBodyPipe) nodeHashIds: string[]): Promise<boolean> {
    await this.permissions.assertAllowed(caller, projectId, 'environment_edit', envHashId);
    await this.members.add(caller, projectId, envHashId, nodeHashIds);
    return true;
  }

  @Post('projects/:projectId/envs/:envHashId/delete_nodes')
  @HttpCode(200)
  @RequireService()
  async deleteNodes(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('envHashId') envHashId: string, @Body(StringListBodyPipe) nodeHashIds: string[]): Promise<boolean> {
    await this.permissions.assertAllowed(caller, projectId, 'environment_edit', envHashId);
    await this.members.remove(caller, projectId, envHashId, nodeHashIds);
    return true;
  }

  @Post('projects/:projectId/listNodesByEnvIds')
  @HttpCode(200)
  @RequireService()
  async listNodesByEnvIds(@Param('projectId') projectId: string, @Body(StringListBodyPipe) envHashIds: string[]): Promise<EnvNodeInfo[]> {
    return Object.values(await this.members.byEnvHashIds(projectId, envHashIds)).flat();
  }

  @Post('projects/:projectId/listRawByEnvHashIds')
  @HttpCode(200)
  @RequireService()
  listRawByEnvHashIds(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body(StringListBodyPipe) envHashIds: string[]): Promise<EnvWithPermission[]> {
    return this.envs.listRaw(caller, projectId, { envHashIds });
  }

  @Post('projects/:projectId/listRawByEnvNames')
  @HttpCode(200)
  @RequireService()
  listRawByEnvNames(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body(StringListBodyPipe) envNames: string[]): Promise<EnvWithPermission[]> {
    return this.envs.listRaw(caller, projectId, { envNames });
  }

  @Get('projects/:projectId/buildEnvs')
  @RequireService()
  listBuildEnvs(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: BuildEnvsDto): Promise<EnvWithNodeCount[]> {
    return this.envs.listBuildEnvs({ ...caller, admin: true }, projectId, query.os);
  }

  @Put(':projectId/enable_node')
  @RequireService()
  async enableNode(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: EnableNodeByNameQueryDto, @Body() body: EnableNodeBodyDto): Promise<boolean> {
    await this.members.setEnabled(caller, projectId, { hashId: query.envHashId, name: query.envName }, { hashId: query.nodeHashId, name: query.nodeName }, query.enableNode, body.reason, true);
    return true;
  }
}
