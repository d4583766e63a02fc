import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { BuildContext, RequireBuild } from '@bkci/auth';
import { CurrentBuildContext } from '../builds/current-build-context';
import { CredentialReader, RequestOrigin } from './credential-reader';
import { CurrentOrigin } from './request-origin.decorator';

class AcrossQuery {
  @Matches(/^[a-z][a-z0-9-]{1,31}$/, { message: 'targetProjectId must be a project id' }) targetProjectId: string;
}

/**
 * BK-CI's /build/credentials API for agents: plaintext values by BK-CI key name (over the
 * gateway's TLS; BK-CI's DH-over-DES wrapping is not offered). The build the gateway verified decides.
 */
@ApiTags('credentials (build)')
@Controller('build/credentials')
export class BuildCredentialController {
  constructor(private readonly reader: CredentialReader) {}

  @Get(':credentialId/detail')
  @RequireBuild()
  async detail(@CurrentBuildContext() build: BuildContext, @Param('credentialId') credentialId: string, @CurrentOrigin() origin: RequestOrigin): Promise<Record<string, string>> {
    return (await this.reader.readAsBuild(build, credentialId, origin)).values;
  }

  @Get(':credentialId/across')
  @RequireBuild()
  async across(@CurrentBuildContext() build: BuildContext, @Param('credentialId') credentialId: string, @Query() query: AcrossQuery, @CurrentOrigin() origin: RequestOrigin): Promise<Record<string, string>> {
    return (await this.reader.readAcrossAsBuild(build, query.targetProjectId, credentialId, origin)).values;
  }
}
