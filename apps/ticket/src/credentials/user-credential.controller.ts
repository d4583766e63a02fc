import { Body, Controller, Delete, Get, Param, Post, Put, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, PermissionChecker, RequireAuthenticated, RequirePermission } from '@bkci/auth';
import { USER_CREDENTIALS_CONTROLLER } from '@bkci/contracts';
import { Page, PageQueryDto } from '@bkci/core';
import { CredentialAuditService } from './credential-audit.service';
import { CredentialReader, RequestOrigin } from './credential-reader';
import { CredentialService } from './credential.service';
import {
  CreateCredentialDto,
  CredentialPlaintext,
  CredentialSettingDto,
  CredentialSummary,
  CredentialView,
  HasPermissionListDto,
  ListCredentialsDto,
  UpdateCredentialDto,
} from './dto/credential.dto';
import { CredentialPageDto, CredentialPlaintextDto, CredentialSummaryPageDto, CredentialViewDto } from './dto/credential-answer.dto';
import { CredentialAuditEntity } from './entities/credential-audit.entity';
import { CurrentOrigin } from './request-origin.decorator';

const ON_CREDENTIAL = { resourceParam: 'credentialId' };

/** BK-CI's /user/credentials/{projectId} API. */
@ApiTags('credentials')
@Controller(USER_CREDENTIALS_CONTROLLER)
export class UserCredentialController {
  constructor(
    private readonly credentials: CredentialService,
    private readonly reader: CredentialReader,
    private readonly audits: CredentialAuditService,
    private readonly permissions: PermissionChecker,
  ) {}

  @Get('hasCreatePermission')
  @RequireAuthenticated()
  @ApiOkResponse({ type: Boolean })
  async hasCreatePermission(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string): Promise<boolean> {
    return this.permissions.allows(caller, projectId, 'credential_create');
  }

  /**
   * The credentials the caller may do `permission` on (what the console's credential pickers ask).
   * Declared before `:credentialId`, which would take its name for an id. Scoped by the service.
   */
  @Get('hasPermissionList')
  @RequireAuthenticated()
  @ApiOkResponse({ type: CredentialSummaryPageDto })
  hasPermissionList(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: HasPermissionListDto): Promise<Page<CredentialSummary>> {
    return this.credentials.listWithPermission(caller, projectId, query);
  }

  @Post()
  @RequirePermission('credential_create')
  @ApiCreatedResponse({ type: CredentialViewDto })
  create(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() dto: CreateCredentialDto): Promise<CredentialView> {
    return this.credentials.create(caller, projectId, dto);
  }

  /** Open to per-credential grants too, so the service decides what the caller may list. */
  @Get()
  @RequireAuthenticated()
  @ApiOkResponse({ type: CredentialPageDto })
  list(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Query() query: ListCredentialsDto): Promise<Page<CredentialView>> {
    return this.credentials.list(caller, projectId, query);
  }

  /** The values in plaintext; also needs use on the credential, and is audited. */
  @Get(':credentialId/show')
  @RequirePermission('credential_view', ON_CREDENTIAL)
  @ApiOkResponse({ type: CredentialPlaintextDto })
  show(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('credentialId') credentialId: string, @CurrentOrigin() origin: RequestOrigin): Promise<CredentialPlaintext> {
    return this.reader.readAsUser(caller, projectId, credentialId, origin);
  }

  @Get(':credentialId/audits')
  @RequirePermission('credential_edit', ON_CREDENTIAL)
  credentialAudits(@Param('projectId') projectId: string, @Param('credentialId') credentialId: string, @Query() query: PageQueryDto): Promise<Page<CredentialAuditEntity>> {
    return this.audits.list(projectId, credentialId, query);
  }

  @Get(':credentialId')
  @RequirePermission('credential_view', ON_CREDENTIAL)
  @ApiOkResponse({ type: CredentialViewDto })
  get(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('credentialId') credentialId: string): Promise<CredentialView> {
    return this.credentials.get(caller, projectId, credentialId);
  }

  @Put(':credentialId')
  @RequirePermission('credential_edit', ON_CREDENTIAL)
  @ApiOkResponse({ type: CredentialViewDto })
  update(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('credentialId') credentialId: string, @Body() dto: UpdateCredentialDto): Promise<CredentialView> {
    return this.credentials.update(caller, projectId, credentialId, dto);
  }

  @Put(':credentialId/setting')
  @RequirePermission('credential_edit', ON_CREDENTIAL)
  @ApiOkResponse({ type: Boolean })
  async setting(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('credentialId') credentialId: string, @Body() dto: CredentialSettingDto): Promise<boolean> {
    await this.credentials.setAllowAcrossProject(caller, projectId, credentialId, dto.allowAcrossProject);
    return true;
  }

  @Delete(':credentialId')
  @RequirePermission('credential_delete', ON_CREDENTIAL)
  @ApiOkResponse({ type: Boolean })
  async delete(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('credentialId') credentialId: string): Promise<boolean> {
    await this.credentials.delete(caller, projectId, credentialId);
    return true;
  }
}

/** Every plaintext read in a project: for its managers. */
@ApiTags('credentials')
@Controller('user/credential-audits/:projectId')
export class UserCredentialAuditController {
  constructor(private readonly audits: CredentialAuditService) {}

  @Get()
  @RequirePermission('project_manage')
  list(@Param('projectId') projectId: string, @Query() query: PageQueryDto): Promise<Page<CredentialAuditEntity>> {
    return this.audits.list(projectId, undefined, query);
  }
}
