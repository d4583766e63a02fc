import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, PermissionChecker, RequireAuthenticated, RequirePermission } from '@bkci/auth';
import { EnvNodeInfo, USER_ENV_NODE_CONTROLLER, USER_ENVIRONMENT_CALLS } from '@bkci/contracts';
import { Page } from '@bkci/core';
import { StringListBodyPipe } from '../string-list-body.pipe';
import { DisplayNameDto, NodeFetchDto, NodeListQueryDto } from './dto/node.dto';
import { NodeBaseInfoDto, NodeWithPermissionDto, NodeWithPermissionPageDto } from './dto/node-answer.dto';
import { NodeService } from './node.service';
import { NodeWithPermission } from './node-views';

const ON_NODE = { resourceParam: 'nodeHashId' };

/** BK-CI's /user/envnode/{projectId} API. Fixed paths come before `:nodeHashId`. */
@ApiTags('nodes')
@Controller(USER_ENV_NODE_CONTROLLER)
export class UserNodeController {
  constructor(
    private readonly nodes: NodeService,
    private readonly permissions: PermissionChecker,
  ) {}

  @Get('hasCreatePermission')
  @RequireAuthenticated()
  @ApiOkResponse({ type: Boolean })
  hasCreatePermission(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string): Promise<boolean> {
    return this.permissions.allows(caller, projectId, 'env_node_create');
  }

  /** BK-CI nodesCount: how many nodes of each type. */
  @Get('nodesCount')
  @RequirePermission('project_visit')
  nodesCount(@Param('projectId') projectId: string): Promise<Record<string, number>> {
    return this.nodes.countByType(projectId);
  }

  /** Delete on each node is checked by the service: all or nothing. */
  @Post(USER_ENVIRONMENT_CALLS.deleteNodesOfProject)
  @HttpCode(200)
  @RequireAuthenticated()
  @ApiOkResponse({ type: Boolean })
  async deleteNodes(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body(StringListBodyPipe) nodeHashIds: string[]): Promise<boolean> {
    await this.nodes.delete(caller, projectId, nodeHashIds);
    return true;
  }

  /** Open to per-node grants too, so the service decides what the caller may list. */
  @Get()
  @RequireAuthenticated()
  @ApiOkResponse({ type: [NodeWithPermissionDto] })
  list(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string): Promise<NodeWithPermission[]> {
    return this.nodes.list(caller, projectId);
  }

  @Get('listNew')
  @RequireAuthenticated()
  @ApiOkResponse({ type: NodeWithPermissionPageDto })
  listNew(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: NodeListQueryDto): Promise<Page<NodeWithPermission>> {
    return this.nodes.page(caller, projectId, query);
  }

  /** listNew with tag filters in the body (BK-CI NodeFetchReq). */
  @Post(USER_ENVIRONMENT_CALLS.fetchNodes)
  @HttpCode(200)
  @RequireAuthenticated()
  @ApiOkResponse({ type: NodeWithPermissionPageDto })
  fetchNodes(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: NodeListQueryDto, @Body() body: NodeFetchDto): Promise<Page<NodeWithPermission>> {
    return this.nodes.page(caller, projectId, query, body);
  }

  /** v4 nodeHashIds_to_nodes. */
  @Post(USER_ENVIRONMENT_CALLS.listRawByNodeHashIds)
  @HttpCode(200)
  @RequirePermission('project_visit')
  @ApiOkResponse({ type: [NodeBaseInfoDto] })
  listRawByHashIds(@Param('projectId') projectId: string, @Body(StringListBodyPipe) nodeHashIds: string[]): Promise<EnvNodeInfo[]> {
    return this.nodes.listRaw(projectId, nodeHashIds);
  }

  @Post(':nodeHashId/updateDisplayName')
  @HttpCode(200)
  @RequirePermission('env_node_edit', ON_NODE)
  @ApiOkResponse({ type: Boolean })
  async updateDisplayName(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('nodeHashId') nodeHashId: string, @Body() dto: DisplayNameDto): Promise<boolean> {
    await this.nodes.updateDisplayName(caller, projectId, nodeHashId, dto.displayName);
    return true;
  }

  /** One node with its envs and tags (BK-CI shows it through the agent detail; here for every node type). */
  @Get(':nodeHashId')
  @RequirePermission('env_node_view', ON_NODE)
  @ApiOkResponse({ type: NodeWithPermissionDto })
  detail(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('nodeHashId') nodeHashId: string): Promise<NodeWithPermission> {
    return this.nodes.detail(caller, projectId, nodeHashId);
  }
}
