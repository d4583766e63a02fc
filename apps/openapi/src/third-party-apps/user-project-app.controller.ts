import { Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequirePermission } from '@bkci/auth';
import { AppCodeProjectDto } from './dto/app-code-project.dto';
import { AppCodeProjectAnswerDto } from './dto/third-party-app-answer.dto';
import { AppCodeProjectService } from './app-code-project.service';

/** A project's managers decide which apps may act in it; its members see which do. */
@ApiTags('third-party apps')
@Controller('user/projects/:projectId/apps')
export class UserProjectAppController {
  constructor(private readonly bindings: AppCodeProjectService) {}

  @Get()
  @RequirePermission('project_view')
  @ApiOkResponse({ type: [AppCodeProjectAnswerDto] })
  list(@Param('projectId') projectId: string): Promise<AppCodeProjectDto[]> {
    return this.bindings.ofProject(projectId);
  }

  @Post(':appCode')
  @RequirePermission('project_manage')
  @ApiCreatedResponse({ type: AppCodeProjectAnswerDto })
  bind(@CurrentCaller() caller: Caller, @Param('projectId') projectId: string, @Param('appCode') appCode: string): Promise<AppCodeProjectDto> {
    return this.bindings.bind(caller, appCode, projectId);
  }

  /** false when the app was not bound to the project. */
  @Delete(':appCode')
  @RequirePermission('project_manage')
  @ApiOkResponse({ type: Boolean, description: 'false when the app was not bound to the project' })
  unbind(@Param('projectId') projectId: string, @Param('appCode') appCode: string): Promise<boolean> {
    return this.bindings.unbind(appCode, projectId);
  }
}
