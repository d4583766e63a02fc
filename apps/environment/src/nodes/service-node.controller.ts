import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireService } from '@bkci/auth';
import { EnvNodeInfo, NODE_SERVICE_CONTROLLER, NODES_WITH_TAGS } from '@bkci/contracts';
import { Page } from '@bkci/core';
import { EnvMembers } from '../environments/env-members.service';
import { StringListBodyPipe } from '../string-list-body.pipe';
import { NodeFetchDto, NodeListQueryDto, NodesWithTagsDto, RawNodeQueryDto } from './dto/node.dto';
import { NodeService } from './node.service';
import { NodeWithPermission, toNodeBaseInfo } from './node-views';

/** BK-CI's /service/node API for other apps: reads see every node of the project, deletes check the user's permission. */
@ApiTags('nodes (service)')
@Controller(NODE_SERVICE_CONTROLLER)
export class ServiceNodeController {
  constructor(
    private readonly nodes: NodeService,
    private readonly members: EnvMembers,
  ) {}

  /** For the engine: THIRDPARTY nodes carrying every tag selected (dispatch labels). */
  @Post(NODES_WITH_TAGS.path)
  @HttpCode(200)
  @RequireService()
  withTags(@Param('projectId') projectId: string, @Body() dto: NodesWithTagsDto): Promise<EnvNodeInfo[]> {
    return this.nodes.withTags(projectId, dto.tags);
  }

  @Post('projects/:projectId/listRawByHashIds')
  @HttpCode(200)
  @RequireService()
  listRawByHashIds(@Param('projectId') projectId: string, @Body(StringListBodyPipe) nodeHashIds: string[]): Promise<EnvNodeInfo[]> {
    return this.nodes.listRaw(projectId, nodeHashIds);
  }

  /** BK-CI getRawNode: one node by hash id or display name. */
  @Get('projects/:projectId/getRawNode')
  @RequireService()
  async getRawNode(@Param('projectId') projectId: string, @Query() query: RawNodeQueryDto): Promise<EnvNodeInfo> {
    return toNodeBaseInfo(await this.nodes.requireNamed(projectId, query));
  }

  @Post('projects/:projectId/listRawByEnvHashIds')
  @HttpCode(200)
  @RequireService()
  listRawByEnvHashIds(@Param('projectId') projectId: string, @Body(StringListBodyPipe) envHashIds: string[]): Promise<Record<string, EnvNodeInfo[]>> {
    return this.members.byEnvHashIds(projectId, envHashIds);
  }

  @Post('projects/:projectId/delete_nodes')
  @HttpCode(200)
  @RequireService()
  async deleteNodes(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body(StringListBodyPipe) nodeHashIds: string[]): Promise<boolean> {
    await this.nodes.delete(caller, projectId, nodeHashIds);
    return true;
  }

  @Post('projects/:projectId/fetch_nodes')
  @HttpCode(200)
  @RequireService()
  fetchNodes(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: NodeListQueryDto, @Body() body: NodeFetchDto): Promise<Page<NodeWithPermission>> {
    return this.nodes.page({ ...caller, admin: true }, projectId, query, body);
  }
}
