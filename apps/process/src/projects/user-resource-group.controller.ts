import { Body, Controller, Delete, Get, Param, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Caller, CurrentCaller, RequireAuthenticated } from '@bkci/auth';
import { AddMembersDto } from './dto/group.dto';
import { ResourceGroupAnswerDto, ResourceGroupDto, ResourceGroupParams, ResourceMemberParams, ResourceParams, resourceOf } from './dto/resource-group.dto';
import { ResourceGroupService } from './resource-group.service';

/**
 * Who may do what on one resource (a template, a credential, …). The service lets only the
 * resource's managers and the project's managers through.
 */
@ApiTags('auth')
@Controller('user/auth/resource/:projectId/:resourceType/:resourceCode/groups')
export class UserResourceGroupController {
  constructor(private readonly groups: ResourceGroupService) {}

  @Get()
  @RequireAuthenticated()
  @ApiOkResponse({ type: [ResourceGroupAnswerDto] })
  list(@CurrentCaller() caller: Caller, @Param() params: ResourceParams): Promise<ResourceGroupDto[]> {
    return this.groups.listGroups(caller, resourceOf(params));
  }

  @Post(':groupCode/members')
  @RequireAuthenticated()
  @ApiCreatedResponse({ type: [ResourceGroupAnswerDto], description: "The resource's groups after the change" })
  addMembers(@CurrentCaller() caller: Caller, @Param() params: ResourceGroupParams, @Body() dto: AddMembersDto): Promise<ResourceGroupDto[]> {
    return this.groups.addMembers(caller, resourceOf(params), params.groupCode, dto);
  }

  @Delete(':groupCode/members/:userId')
  @RequireAuthenticated()
  @ApiOkResponse({ type: Boolean })
  async removeMember(@CurrentCaller() caller: Caller, @Param() params: ResourceMemberParams): Promise<boolean> {
    await this.groups.removeMember(caller, resourceOf(params), params.groupCode, params.userId);
    return true;
  }
}

