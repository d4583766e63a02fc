import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireService } from '@bkci/auth';
import {
  AGENT_BY_ID,
  AGENT_SERVICE_CONTROLLER,
  AGENTS_BY_ENV_ID,
  AGENTS_BY_ENV_NAME,
  AGENTS_BY_NODES,
  AGENTS_BY_TAGS,
  DEFAULT_AGENT_POOL,
  EnvNodeAgentView,
  LOCAL_AGENT,
  LocalAgentCredentials,
  ThirdPartyAgentView,
  VERIFY_AGENT,
} from '@bkci/contracts';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
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

class EnvIdParamsDto extends ProjectParamsDto {
  @Matches(/^[a-z]{1,32}$/, { message: 'envId must be an env hash id' }) envId: string;
}

class EnvNameParamsDto extends ProjectParamsDto {
  @IsString() @Length(1, 256) envName: string;
}

class TagSelectorDto {
  @IsString() @Length(1, 64) key: string;
  @IsOptional() @IsArray() @ArrayMaxSize(100) @IsString({ each: true }) values?: string[];
}

class AgentsByTagsDto {
  @IsArray() @ArrayMinSize(1) @ArrayMaxSize(50) @ValidateNested({ each: true }) @Type(() => TagSelectorDto) tags: TagSelectorDto[];
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

  @Get(AGENTS_BY_ENV_ID.path)
  byEnvId(@Param() params: EnvIdParamsDto): Promise<EnvNodeAgentView[]> {
    return this.query.byEnvId(params.projectId, params.envId);
  }

  @Get(AGENTS_BY_ENV_NAME.path)
  byEnvName(@Param() params: EnvNameParamsDto): Promise<EnvNodeAgentView[]> {
    return this.query.byEnvName(params.projectId, params.envName);
  }

  @Post(AGENTS_BY_TAGS.path)
  @HttpCode(200)
  byTags(@Param() params: ProjectParamsDto, @Body() body: AgentsByTagsDto): Promise<ThirdPartyAgentView[]> {
    return this.query.byTags(params.projectId, body.tags);
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
