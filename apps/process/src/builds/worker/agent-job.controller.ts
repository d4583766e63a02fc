import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { AgentIdentity, CurrentAgent, RequireAgent } from '@bkci/auth';
import { ThirdPartyBuildInfo } from '@bkci/contracts';
import { AgentJobService } from './agent-job.service';
import { WorkerBuildFinishDto } from './dto/worker.dto';

/** BK-CI BuildAgentBuildResource (dispatch's `/buildAgent/agent/thirdPartyAgent`), here in process which owns dispatch. */
@ApiTags('builds (agent)')
@Controller('buildAgent/agent/thirdPartyAgent')
@RequireAgent()
export class AgentJobController {
  constructor(private readonly jobs: AgentJobService) {}

  /** The oldest job queued for this agent, now its; null when there is none or the agent has no free slot. */
  @Get('startBuild')
  startBuild(@CurrentAgent() agent: AgentIdentity): Promise<ThirdPartyBuildInfo | null> {
    return this.jobs.startBuild(agent);
  }

  @Post('workerBuildFinish')
  @HttpCode(200)
  workerBuildFinish(@CurrentAgent() agent: AgentIdentity, @Body() finished: WorkerBuildFinishDto): Promise<boolean> {
    return this.jobs.workerBuildFinish(agent, finished);
  }
}
