import { Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAdmin } from '@bkci/auth';
import { AppCodeProjectDto } from './dto/app-code-project.dto';
import { AppCodeProjectAnswerDto } from './dto/third-party-app-answer.dto';
import { ProjectIdsPipe } from './dto/project-id.pipe';
import { AppCodeProjectService } from './app-code-project.service';

/** BK-CI's OpAppCodeProjectResource: system administrators bind apps to any project. */
@ApiTags('third-party apps')
@Controller('op/appCodeProject')
export class OpAppCodeProjectController {
  constructor(private readonly bindings: AppCodeProjectService) {}

  /** BK-CI's form: `?projectId=` names one project or several, separated by spaces or ";". */
  @Post(':appCode')
  @HttpCode(200)
  @RequireAdmin()
  @ApiOkResponse({ type: Boolean })
  bind(@CurrentCaller() caller: Caller, @Param('appCode') appCode: string, @Query('projectId', ProjectIdsPipe) projectIds: string[]): Promise<boolean> {
    return this.bindAll(caller, appCode, projectIds);
  }

  @Post(':appCode/:projectId')
  @HttpCode(200)
  @RequireAdmin()
  @ApiOkResponse({ type: Boolean })
  bindOne(@CurrentCaller() caller: Caller, @Param('appCode') appCode: string, @Param('projectId', ProjectIdsPipe) projectIds: string[]): Promise<boolean> {
    return this.bindAll(caller, appCode, projectIds);
  }

  @Get()
  @RequireAdmin()
  @ApiOkResponse({ type: [AppCodeProjectAnswerDto] })
  list(): Promise<AppCodeProjectDto[]> {
    return this.bindings.all();
  }

  @Get(':appCode')
  @RequireAdmin()
  @ApiOkResponse({ type: [AppCodeProjectAnswerDto] })
  listOfApp(@Param('appCode') appCode: string): Promise<AppCodeProjectDto[]> {
    return this.bindings.ofApp(appCode);
  }

  /** null when the app is not bound to the project, as BK-CI answers. */
  @Get(':appCode/:projectId')
  @RequireAdmin()
  @ApiOkResponse({ type: AppCodeProjectAnswerDto, description: 'null when the app is not bound to the project' })
  get(@Param('appCode') appCode: string, @Param('projectId') projectId: string): Promise<AppCodeProjectDto | null> {
    return this.bindings.get(appCode, projectId);
  }

  /** false when the app was not bound to the project. */
  @Delete(':appCode/:projectId')
  @RequireAdmin()
  @ApiOkResponse({ type: Boolean })
  unbind(@Param('appCode') appCode: string, @Param('projectId') projectId: string): Promise<boolean> {
    return this.bindings.unbind(appCode, projectId);
  }

  private async bindAll(caller: Caller, appCode: string, projectIds: string[]): Promise<boolean> {
    for (const projectId of projectIds) await this.bindings.bind(caller, appCode, projectId);
    return true;
  }
}
