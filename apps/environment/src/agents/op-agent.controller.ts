import { Controller, Param, Put, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { RequireAdmin } from '@bkci/auth';
import { AgentQueryService } from './agent-query.service';
import { ExternalAgentParamsDto, SharedQueryDto } from './dto/agent-params.dto';

/** Operators: an agent shared with every project joins the default pool (services profile). */
@ApiTags('third-party agents (op)')
@Controller('op/environment/thirdPartyAgent')
@RequireAdmin()
export class OpAgentController {
  constructor(private readonly query: AgentQueryService) {}

  @Put('agents/:agentId/shared')
  setShared(@Param() params: ExternalAgentParamsDto, @Query() query: SharedQueryDto): Promise<boolean> {
    return this.query.setShared(params.agentId, query.shared);
  }
}
