import { Controller, Get, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireService } from '@bkci/auth';
import { CommonError, CommonErrorCode } from '@bkci/core';
import { CredentialReader } from './credential-reader';

/** Service APIs of credentials for other apps. */
@ApiTags('credentials (service)')
@Controller('service/credentials')
export class ServiceCredentialController {
  constructor(private readonly reader: CredentialReader) {}

  /** For the log app only: the values to mask in one build's log, with their base64 and URL-encoded forms. */
  @Get('builds/:buildId/sensitive-values')
  @RequireService()
  sensitiveValues(@CurrentCaller() caller: Caller, @Param('buildId') buildId: string): Promise<string[]> {
    if (caller.issuer !== 'log') throw new CommonError(CommonErrorCode.PERMISSION_DENIED, 'Only the log app may fetch the secret values of a build');
    return this.reader.sensitiveValues(buildId);
  }
}
