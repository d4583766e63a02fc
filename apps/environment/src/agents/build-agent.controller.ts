import { Body, Controller, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AgentIdentity, CurrentAgent, RequireAgent } from '@bkci/auth';
import type { Response } from 'express';
import { AgentPollService, AskAnswer } from './agent-poll.service';
import { AgentStatusName } from './agent-status';
import { AgentStateService } from './agent-state.service';
import { AskDto, HeartbeatDto, HeartbeatResponse, ShutdownQueryDto, StartupDto } from './dto/agent-calls.dto';

const DEFAULT_WAIT_SECONDS = 30;

/** The agent's own calls (BK-CI BuildAgentThirdPartyAgentResource), authenticated by the gateway with its id and secret. */
@ApiTags('third-party agents (agent)')
@Controller('buildAgent/agent/thirdPartyAgent')
@RequireAgent()
export class BuildAgentController {
  constructor(
    private readonly state: AgentStateService,
    private readonly polls: AgentPollService,
  ) {}

  @Post('startup')
  @HttpCode(200)
  startup(@CurrentAgent() agent: AgentIdentity, @Body() info: StartupDto): Promise<AgentStatusName> {
    return this.state.startup(agent, info);
  }

  @Post('agents/newHeartbeat')
  @HttpCode(200)
  heartbeat(@CurrentAgent() agent: AgentIdentity, @Body() info: HeartbeatDto): Promise<HeartbeatResponse> {
    return this.state.heartbeat(agent, info);
  }

  @Post('shutdown')
  @HttpCode(200)
  shutdown(@CurrentAgent() agent: AgentIdentity, @Query() query: ShutdownQueryDto): Promise<AgentStatusName> {
    return this.state.shutdown(agent, query.shutdownNormal ?? false);
  }

  @Get('status')
  status(@CurrentAgent() agent: AgentIdentity): Promise<AgentStatusName> {
    return this.state.status(agent);
  }

  /** The long poll (AgentPollService); an agent that hangs up frees its poll at once. */
  @Post('ask')
  @HttpCode(200)
  ask(@CurrentAgent() agent: AgentIdentity, @Body() ask: AskDto, @Res({ passthrough: true }) response: Response): Promise<AskAnswer> {
    const hungUp = new AbortController();
    response.on('close', () => hungUp.abort());
    return this.polls.ask(agent, ask.askEnable?.build !== 'NONE', (ask.waitSeconds ?? DEFAULT_WAIT_SECONDS) * 1000, hungUp.signal);
  }
}
