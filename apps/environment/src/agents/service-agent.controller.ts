import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireService } from '@bkci/auth';
import { AGENT_BY_ID, AGENT_SERVICE_CONTROLLER, AGENTS_BY_NODES, DEFAULT_AGENT_POOL, LOCAL_AGENT, LocalAgentCredentials, ThirdPartyAgentView, VERIFY_AGENT } from '@bkci/contracts';
import { ArrayMaxSize, IsArray, IsString, Length, Matches } from 'class-validator';
import { AgentQueryService } from './agent-query.service';
import { AgentStateService } from './agent-state.service';
import { AgentParamsDto, ProjectParamsDto } from './dto/agent-params.dto';
import { LocalAgentService } from './local-agent.service';

class VerifyAgentDto {
  @IsString() @Length(1, 256) projectId: string;
  @IsString() @Length(1, 256) agentId: string;
  @IsString() @Length(1, 256) secretKey: string;
  @IsString() @Length(1, 256) host: string;
}

class AgentsByNodesDto {
  @IsArray() @ArrayMaxSize(1000) @Matches(/^[a-z]{1,32}$/, { each: true, message: 'nodeHashIds must be node hash ids' }) nodeHashIds: string[];
}

/** environment's agent service API (BK-CI ServiceThirdPartyAgentResource): the gateway, the launcher and the build engine. */
@ApiTags('third-party agents (service)')
@Controller(AGENT_SERVICE_CONTROLLER)
@RequireService()
export class ServiceAgentController {
  constructor(
    private readonly state: AgentStateService,
    private readonly query: AgentQueryService,
    private readonly local: LocalAgentService,
  ) {}

  @Post(VERIFY_AGENT.path)
  @HttpCode(200)
  verify(@Body() body: VerifyAgentDto): Promise<{ projectId: string; agentId: string }> {
    return this.state.verify(body.projectId, body.agentId, body.secretKey, body.host);
  }

  @Post(LOCAL_AGENT.path)
  @HttpCode(200)
  localAgent(): Promise<LocalAgentCredentials> {
    return this.local.credentials();
  }

  @Get(DEFAULT_AGENT_POOL.path)
  defaultPool(): Promise<ThirdPartyAgentView[]> {
    return this.query.defaultPool();
  }

  @Post(AGENTS_BY_NODES.path)
  @HttpCode(200)
  byNodes(@Param() params: ProjectParamsDto, @Body() body: AgentsByNodesDto): Promise<ThirdPartyAgentView[]> {
    return this.query.byNodes(params.projectId, body.nodeHashIds);
  }

  @Get(AGENT_BY_ID.path)
  byId(@Param() params: AgentParamsDto): Promise<ThirdPartyAgentView> {
    return this.query.byId(params.projectId, params.agentId);
  }
}
