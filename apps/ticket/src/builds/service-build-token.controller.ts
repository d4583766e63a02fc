import { Body, Controller, Delete, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, Matches, Max, Min } from 'class-validator';
import { RequireService, USER_ID_PATTERN } from '@bkci/auth';
import { TICKET_BUILD_TOKENS_SERVICE_CONTROLLER } from '@bkci/contracts';
import { BuildTokenService } from './build-token.service';

class MintBuildTokenDto {
  @Matches(/^[a-z][a-z0-9-]{1,31}$/, { message: 'projectId must be a project id' }) projectId: string;
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'buildId must be 1–64 letters, digits, "_" or "-"' }) buildId: string;
  @Matches(USER_ID_PATTERN, { message: 'userId must be the user who started the build' }) userId: string;
  /** A safety net: the build's end revokes the token long before this. */
  @IsOptional() @IsInt() @Min(60) @Max(7 * 24 * 3600) ttlSeconds?: number;
}

const DEFAULT_TTL_SECONDS = 24 * 3600;

/** `process` mints a token when a build's job starts and revokes it when the build ends. */
@ApiTags('credentials (service)')
@Controller(TICKET_BUILD_TOKENS_SERVICE_CONTROLLER)
export class ServiceBuildTokenController {
  constructor(private readonly tokens: BuildTokenService) {}

  @Post()
  @RequireService()
  mint(@Body() dto: MintBuildTokenDto): Promise<{ token: string; expiresAt: string }> {
    return this.tokens.mint({ projectId: dto.projectId, buildId: dto.buildId, userId: dto.userId }, dto.ttlSeconds ?? DEFAULT_TTL_SECONDS);
  }

  @Delete(':projectId/:buildId')
  @RequireService()
  async revoke(@Param('projectId') projectId: string, @Param('buildId') buildId: string): Promise<{ revoked: number }> {
    return { revoked: await this.tokens.revoke(projectId, buildId) };
  }
}
