import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireNothing } from '@bkci/auth';
import type { Response } from 'express';
import { AgentInstallService } from './agent-install.service';
import { ExternalAgentParamsDto, InstallQueryDto } from './dto/agent-params.dto';

/**
 * What `curl` fetches on a new build machine (BK-CI ExternalThirdPartyAgentResource). No user is
 * behind these calls: the install script is guarded by its single-use token, and the bundle holds
 * no secret.
 */
@ApiTags('third-party agents (install)')
@Controller('external/thirdPartyAgent')
@RequireNothing()
export class ExternalAgentController {
  constructor(private readonly installs: AgentInstallService) {}

  @Get(':agentId/install')
  async install(@Param() params: ExternalAgentParamsDto, @Query() query: InstallQueryDto, @Res() response: Response): Promise<void> {
    const script = await this.installs.installScript(params.agentId, query.token);
    response.status(200).set({ 'content-type': 'text/x-shellscript; charset=utf-8', 'cache-control': 'no-store' }).send(script);
  }

  @Get(':agentId/agent')
  async bundle(@Param() params: ExternalAgentParamsDto, @Res() response: Response): Promise<void> {
    const path = await this.installs.bundlePath(params.agentId);
    response.status(200).set({ 'content-type': 'application/javascript; charset=utf-8', 'content-disposition': 'attachment; filename="bkci-agent.js"' });
    response.sendFile(path);
  }
}
