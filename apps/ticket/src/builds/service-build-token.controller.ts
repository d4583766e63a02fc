import { Body, Controller, Delete, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { RequireService, USER_ID_PATTERN } from '@bkci/auth';
import { BuildTokenClaims, MINT_BUILD_TOKEN, MintBuildTokenBody, REVOKE_BUILD_TOKENS, REVOKE_JOB_TOKEN, TICKET_BUILD_TOKENS_SERVICE_CONTROLLER, VERIFY_BUILD_TOKEN } from '@bkci/contracts';
import { BuildTokenService } from './build-token.service';

class MintBuildTokenDto implements MintBuildTokenBody {
  @Matches(/^[a-z][a-z0-9-]{1,31}$/, { message: 'projectId must be a project id' }) projectId: string;
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'pipelineId must be 1–64 letters, digits, "_" or "-"' }) pipelineId?: string;
  @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'buildId must be 1–64 letters, digits, "_" or "-"' }) buildId: string;
  /** The job's container seq id: the token is that job's. Without it the token is the whole build's. */
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{1,64}$/, { message: 'vmSeqId must be 1–64 letters, digits, "_" or "-"' }) vmSeqId?: string;
  @Matches(USER_ID_PATTERN, { message: 'userId must be the user who started the build' }) userId: string;
  /** A safety net: the build's end revokes the token long before this. */
  @IsOptional() @IsInt() @Min(60) @Max(7 * 24 * 3600) ttlSeconds?: number;
}

class VerifyBuildTokenDto {
  @IsString() @Length(1, 256, { message: 'token must be the build token to verify' }) token: string;
}

const DEFAULT_TTL_SECONDS = 24 * 3600;

/** `process` mints a token when a build's job starts and revokes it when the job ends, and all the build's when the build ends. */
@ApiTags('credentials (service)')
@Controller(TICKET_BUILD_TOKENS_SERVICE_CONTROLLER)
export class ServiceBuildTokenController {
  constructor(private readonly tokens: BuildTokenService) {}

  @Post(MINT_BUILD_TOKEN.path)
  @RequireService()
  mint(@Body() dto: MintBuildTokenDto): Promise<{ token: string; expiresAt: string }> {
    const job = dto.vmSeqId === undefined ? {} : { vmSeqId: dto.vmSeqId };
    return this.tokens.mint({ projectId: dto.projectId, pipelineId: dto.pipelineId ?? '', buildId: dto.buildId, ...job, userId: dto.userId }, dto.ttlSeconds ?? DEFAULT_TTL_SECONDS);
  }

  /** The gateway asks which build a token belongs to (once; it keeps the answer until expiry or revocation). */
  @Post(VERIFY_BUILD_TOKEN.path)
  @HttpCode(200)
  @RequireService()
  verify(@Body() dto: VerifyBuildTokenDto): Promise<BuildTokenClaims> {
    return this.tokens.verify(dto.token);
  }

  @Delete(REVOKE_BUILD_TOKENS.path)
  @RequireService()
  async revoke(@Param('projectId') projectId: string, @Param('buildId') buildId: string): Promise<{ revoked: number }> {
    return { revoked: await this.tokens.revoke(projectId, buildId) };
  }

  @Delete(REVOKE_JOB_TOKEN.path)
  @RequireService()
  async revokeJob(@Param('projectId') projectId: string, @Param('buildId') buildId: string, @Param('vmSeqId') vmSeqId: string): Promise<{ revoked: number }> {
    return { revoked: await this.tokens.revokeJob(projectId, buildId, vmSeqId) };
  }
}
