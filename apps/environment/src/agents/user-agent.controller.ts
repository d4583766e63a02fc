import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequirePermission } from '@bkci/auth';
import { USER_AGENT_READS, USER_AGENTS_CONTROLLER } from '@bkci/contracts';
import { ArrayBodyPipe, resolvePaging } from '@bkci/core';
import { AgentInstallService, ThirdPartyAgentLink } from './agent-install.service';
import { AgentManageService } from './agent-manage.service';
import { NodeBaseInfo, ThirdPartyAgentDetail, ThirdPartyAgentInfo, ThirdPartyAgentStatusWithInfo } from './agent-views';
import {
  AgentEnvVarDto,
  AgentHashParamsDto,
  AgentPageQueryDto,
  AgentParamsDto,
  GenerateLinkParamsDto,
  GenerateLinkQueryDto,
  NodeParamsDto,
  ParallelTaskCountQueryDto,
  ProjectParamsDto,
  ReInstallQueryDto,
} from './dto/agent-params.dto';
import { AgentEnvVar } from './entities/third-party-agent.entity';

const ON_NODE = { resourceParam: 'nodeHashId' };

/** BK-CI UserThirdPartyAgentResource: installing, importing and managing a project's agents. */
@ApiTags('third-party agents')
@Controller(USER_AGENTS_CONTROLLER)
export class UserAgentController {
  constructor(
    private readonly installs: AgentInstallService,
    private readonly agents: AgentManageService,
  ) {}

  @Get('os/:os/generateLink')
  @RequirePermission('env_node_create')
  generateLink(@CurrentCaller() caller: Caller, @Param() params: GenerateLinkParamsDto, @Query() query: GenerateLinkQueryDto): Promise<ThirdPartyAgentLink> {
    return this.installs.generateLink(caller.userId, params.projectId, params.os, query.agentType ?? 'BUILD');
  }

  @Get('os/:os/generateReInstallLink')
  @RequirePermission('env_node_create')
  generateReInstallLink(@Param() params: GenerateLinkParamsDto, @Query() query: ReInstallQueryDto): Promise<{ zoneName: string; script: string }> {
    return this.installs.generateReInstallLink(params.projectId, params.os, query.reInstallId);
  }

  @Get('list')
  @RequirePermission('env_node_list')
  list(@Param() params: ProjectParamsDto): Promise<ThirdPartyAgentInfo[]> {
    return this.agents.list(params.projectId);
  }

  @Get('agents/:agentId/status')
  @RequirePermission('env_node_view')
  status(@Param() params: AgentParamsDto): Promise<ThirdPartyAgentStatusWithInfo> {
    return this.agents.status(params.projectId, params.agentId);
  }

  /** Beside BK-CI's routes: an agent's detail by its id (v4 third_part_agent_node_detail?agentHashId=). */
  @Get(USER_AGENT_READS.agentDetail)
  @RequirePermission('env_node_view')
  detailOfAgent(@Param() params: AgentParamsDto): Promise<ThirdPartyAgentDetail> {
    return this.agents.detail(params.projectId, params.agentId);
  }

  @Post('agents/:agentId/import')
  @HttpCode(200)
  @RequirePermission('env_node_create')
  importAgent(@CurrentCaller() caller: Caller, @Param() params: AgentParamsDto): Promise<boolean> {
    return this.agents.importAgent(caller.userId, params.projectId, params.agentId);
  }

  @Delete('nodes/:nodeHashId/delete')
  @RequirePermission('env_node_delete', ON_NODE)
  deleteNode(@CurrentCaller() caller: Caller, @Param() params: NodeParamsDto): Promise<boolean> {
    return this.agents.deleteNode(caller, params.projectId, params.nodeHashId);
  }

  @Get('nodes/:nodeHashId/envs')
  @RequirePermission('env_node_view', ON_NODE)
  envs(@Param() params: NodeParamsDto): Promise<AgentEnvVar[]> {
    return this.agents.envs(params.projectId, params.nodeHashId);
  }

  @Post('nodes/:nodeHashId/envs')
  @HttpCode(200)
  @RequirePermission('env_node_edit', ON_NODE)
  saveEnvs(@Param() params: NodeParamsDto, @Body(new ArrayBodyPipe(AgentEnvVarDto)) envs: AgentEnvVarDto[]): Promise<boolean> {
    return this.agents.saveEnvs(params.projectId, params.nodeHashId, envs.map((env) => ({ name: env.name, value: env.value, secure: env.secure ?? false })));
  }

  @Post('nodes/:nodeHashId/parallelTaskCount')
  @HttpCode(200)
  @RequirePermission('env_node_edit', ON_NODE)
  setParallelTaskCount(@Param() params: NodeParamsDto, @Query() query: ParallelTaskCountQueryDto): Promise<boolean> {
    return this.agents.setParallelTaskCount(params.projectId, params.nodeHashId, query.parallelTaskCount);
  }

  @Get(USER_AGENT_READS.nodeDetail)
  @RequirePermission('env_node_view', ON_NODE)
  detail(@Param() params: NodeParamsDto): Promise<ThirdPartyAgentDetail> {
    return this.agents.detailOfNode(params.projectId, params.nodeHashId);
  }

  /** Beside BK-CI's routes: the project's agent nodes (v4 third_part_agent_nodes). */
  @Get(USER_AGENT_READS.nodes)
  @RequirePermission('env_node_list')
  nodes(@Param() params: ProjectParamsDto): Promise<NodeBaseInfo[]> {
    return this.agents.agentNodes(params.projectId);
  }

  /** Beside BK-CI's routes: a node with its agent's state (v4 third_part_agent_node_status?nodeHashId=). */
  @Get(USER_AGENT_READS.nodeStatus)
  @RequirePermission('env_node_view', ON_NODE)
  nodeStatus(@Param() params: NodeParamsDto): Promise<NodeBaseInfo> {
    return this.agents.nodeStatus(params.projectId, params.nodeHashId);
  }

  /** Beside BK-CI's routes: an imported agent's node and its state (v4 third_part_agent_node_status?agentHashId=). */
  @Get(USER_AGENT_READS.agentNodeStatus)
  @RequirePermission('env_node_view')
  nodeStatusOfAgent(@Param() params: AgentParamsDto): Promise<NodeBaseInfo> {
    return this.agents.nodeStatusOfAgent(params.projectId, params.agentId);
  }

  @Get('nodes/:nodeHashId/listAgentActions')
  @RequirePermission('env_node_view', ON_NODE)
  listAgentActions(@Param() params: NodeParamsDto, @Query() query: AgentPageQueryDto) {
    return this.agents.actions(params.projectId, params.nodeHashId, resolvePaging(query));
  }

  @Get('nodes/:agentHashId/listAgentOfflinePeriod')
  @RequirePermission('env_node_view')
  listAgentOfflinePeriod(@Param() params: AgentHashParamsDto, @Query() query: AgentPageQueryDto) {
    return this.agents.offlinePeriods(params.projectId, params.agentHashId, resolvePaging(query));
  }
}
