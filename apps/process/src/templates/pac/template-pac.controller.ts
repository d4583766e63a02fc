import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, PermissionChecker, RequirePermission } from '@bkci/auth';
import { DeployTemplateResult } from '../version/template-version.context';
import { PacBranchDeletedDto, PacFileDeletedDto, PacPushDto } from './pac.dto';
import { TemplatePacService } from './template-pac.service';

/**
 * The template PAC webhook: the repository side posts each pushed template file and each deleted
 * branch. A push of a file no template has yet creates one, which also needs template create.
 */
@ApiTags('templates pac')
@Controller('user/pipeline/template/v2/:projectId/pac')
export class TemplatePacController {
  constructor(
    private readonly pac: TemplatePacService,
    private readonly permissions: PermissionChecker,
  ) {}

  @Post('push')
  @HttpCode(200)
  @RequirePermission('pipeline_template_edit')
  async push(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() body: PacPushDto): Promise<DeployTemplateResult> {
    if (await this.pac.isNewFile(projectId, body.filePath)) await this.permissions.assertAllowed(caller, projectId, 'pipeline_template_create');
    return this.pac.push(caller, projectId, body);
  }

  @Post('fileDeleted')
  @HttpCode(200)
  @RequirePermission('pipeline_template_delete')
  fileDeleted(@Param('projectId') projectId: string, @Body() body: PacFileDeletedDto): Promise<boolean> {
    return this.pac.fileDeleted(projectId, body);
  }

  @Post('branchDeleted')
  @HttpCode(200)
  @RequirePermission('pipeline_template_edit')
  branchDeleted(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Body() body: PacBranchDeletedDto): Promise<number> {
    return this.pac.branchDeleted(caller, projectId, body);
  }
}
