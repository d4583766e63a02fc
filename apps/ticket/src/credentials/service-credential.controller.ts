import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, PermissionChecker, RequireService } from '@bkci/auth';
import { BUILD_SENSITIVE_VALUES, TICKET_CREDENTIALS_SERVICE_CONTROLLER } from '@bkci/contracts';
import { CommonError, CommonErrorCode, Page } from '@bkci/core';
import { CredentialReader, RequestOrigin } from './credential-reader';
import { CredentialService } from './credential.service';
import { CreateCredentialDto, CredentialPlaintext, CredentialView, ListCredentialsDto } from './dto/credential.dto';
import { CurrentOrigin } from './request-origin.decorator';

/** BK-CI's /service/credentials API for other apps; a create acts for the user the service token names. */
@ApiTags('credentials (service)')
@Controller(TICKET_CREDENTIALS_SERVICE_CONTROLLER)
export class ServiceCredentialController {
  constructor(
    private readonly credentials: CredentialService,
    private readonly reader: CredentialReader,
    private readonly permissions: PermissionChecker,
  ) {}

  /** For the log app only: the values to mask in one build's log, with their base64 and URL-encoded forms. */
  @Get(BUILD_SENSITIVE_VALUES.path)
  @RequireService()
  sensitiveValues(@CurrentCaller() caller: Caller, @Param('buildId') buildId: string): Promise<string[]> {
    if (caller.issuer !== 'log') throw new CommonError(CommonErrorCode.PERMISSION_DENIED, 'Only the log app may fetch the secret values of a build');
    return this.reader.sensitiveValues(buildId);
  }

  @Post(':projectId')
  @RequireService()
  async create(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() dto: CreateCredentialDto): Promise<CredentialView> {
    await this.permissions.assertAllowed(caller, projectId, 'credential_create');
    return this.credentials.create(caller, projectId, dto);
  }

  /** Services see every credential of the project, as in BK-CI. */
  @Get(':projectId')
  @RequireService()
  list(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: ListCredentialsDto): Promise<Page<CredentialView>> {
    return this.credentials.list({ ...caller, admin: true }, projectId, query);
  }

  /** BK-CI …/basic: the credential with its values masked (any of the project's, as in BK-CI). */
  @Get(':projectId/:credentialId/basic')
  @RequireService()
  basic(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('credentialId') credentialId: string): Promise<CredentialView> {
    return this.credentials.get({ ...caller, admin: true }, projectId, credentialId);
  }

  /** BK-CI serviceGet: the plaintext values, audited as a SERVICE read by the calling app. */
  @Get(':projectId/:credentialId')
  @RequireService()
  get(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('credentialId') credentialId: string, @CurrentOrigin() origin: RequestOrigin): Promise<CredentialPlaintext> {
    return this.reader.readAsService(caller, projectId, credentialId, origin);
  }
}
