import { Body, Controller, Delete, Get, Param, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAuthenticated, RequirePermission, UserIdPipe } from '@bkci/auth';
import { CreateProjectDto } from './dto/create-project.dto';
import { AddMembersDto, CreateGroupDto, GroupDto, MemberDto, UpdateGroupDto } from './dto/group.dto';
import { ProjectAnswerDto, ProjectGroupAnswerDto, ProjectMemberAnswerDto } from './dto/project-answer.dto';
import { ProjectDto } from './dto/project.dto';
import { ProjectGroupService } from './project-group.service';
import { ProjectService } from './project.service';

@ApiTags('projects')
@Controller('user/projects')
export class UserProjectController {
  constructor(
    private readonly projects: ProjectService,
    private readonly groups: ProjectGroupService,
  ) {}

  @Post()
  @RequireAuthenticated()
  @ApiCreatedResponse({ type: ProjectAnswerDto })
  create(@CurrentCaller() caller: Caller, @Body() dto: CreateProjectDto): Promise<ProjectDto> {
    return this.projects.create(caller, dto);
  }

  @Get()
  @RequireAuthenticated()
  @ApiOkResponse({ type: [ProjectAnswerDto], description: 'The projects the caller is a member of (an administrator: all)' })
  list(@CurrentCaller() caller: Caller): Promise<ProjectDto[]> {
    return this.projects.listForCaller(caller);
  }

  @Get(':projectId')
  @RequirePermission('project_view')
  @ApiOkResponse({ type: ProjectAnswerDto })
  get(@Param('projectId') projectId: string): Promise<ProjectDto> {
    return this.projects.get(projectId);
  }

  @Get(':projectId/groups')
  @RequirePermission('project_view')
  @ApiOkResponse({ type: [ProjectGroupAnswerDto] })
  listGroups(@Param('projectId') projectId: string): Promise<GroupDto[]> {
    return this.groups.listGroups(projectId);
  }

  @Post(':projectId/groups')
  @RequirePermission('project_manage')
  @ApiCreatedResponse({ type: ProjectGroupAnswerDto })
  createGroup(@Param('projectId') projectId: string, @Body() dto: CreateGroupDto): Promise<GroupDto> {
    return this.groups.createGroup(projectId, dto);
  }

  @Put(':projectId/groups/:groupCode')
  @RequirePermission('project_manage')
  @ApiOkResponse({ type: ProjectGroupAnswerDto })
  updateGroup(
    @Param('projectId') projectId: string,
    @Param('groupCode') groupCode: string,
    @Body() dto: UpdateGroupDto,
  ): Promise<GroupDto> {
    return this.groups.updateGroup(projectId, groupCode, dto);
  }

  @Delete(':projectId/groups/:groupCode')
  @RequirePermission('project_manage')
  @ApiOkResponse({ type: Boolean })
  async deleteGroup(@Param('projectId') projectId: string, @Param('groupCode') groupCode: string): Promise<boolean> {
    await this.groups.deleteGroup(projectId, groupCode);
    return true;
  }

  @Get(':projectId/members')
  @RequirePermission('project_view')
  @ApiOkResponse({ type: [ProjectMemberAnswerDto] })
  listMembers(@Param('projectId') projectId: string): Promise<MemberDto[]> {
    return this.groups.listMembers(projectId);
  }

  @Post(':projectId/groups/:groupCode/members')
  @RequirePermission('project_manage')
  @ApiCreatedResponse({ type: [ProjectMemberAnswerDto], description: "The project's members after the change" })
  addMembers(
    @Param('projectId') projectId: string,
    @Param('groupCode') groupCode: string,
    @Body() dto: AddMembersDto,
  ): Promise<MemberDto[]> {
    return this.groups.addMembers(projectId, groupCode, dto);
  }

  @Delete(':projectId/groups/:groupCode/members/:userId')
  @RequirePermission('project_manage')
  @ApiOkResponse({ type: Boolean })
  async removeMember(
    @Param('projectId') projectId: string,
    @Param('groupCode') groupCode: string,
    @Param('userId', UserIdPipe) userId: string,
  ): Promise<boolean> {
    await this.groups.removeMember(projectId, groupCode, userId);
    return true;
  }
}
