import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { Action, ALL_ACTIONS, AllowedResources, PermissionChecker, RequireService, USER_ID_PATTERN } from '@bkci/auth';
import { RegisterResourceDto, ResourceParams, resourceOf } from './dto/resource-group.dto';
import { ResourceGroupService } from './resource-group.service';

class PermissionQuery {
  @Matches(USER_ID_PATTERN) userId: string;
  @IsIn(ALL_ACTIONS) action: Action;
}

class ValidatePermissionQuery extends PermissionQuery {
  @IsOptional() @Matches(/^[A-Za-z0-9_.-]{1,64}$/) resourceCode?: string;
}

/** What other apps call to check permissions and register their resources (BK-CI: /service/auth/...). */
@ApiTags('auth (service)')
@Controller('service/auth')
export class ServicePermissionController {
  constructor(
    private readonly permissions: PermissionChecker,
    private readonly resourceGroups: ResourceGroupService,
  ) {}

  @Get('permission/projects/:projectId/validate')
  @RequireService()
  validate(@Param('projectId') projectId: string, @Query() query: ValidatePermissionQuery): Promise<boolean> {
    return this.permissions.isAllowed(query.userId, projectId, query.action, query.resourceCode);
  }

  /** BK-CI …/action/instance: the resources of the action's type the user may act on. */
  @Get('permission/projects/:projectId/action/instance')
  @RequireService()
  allowedResources(@Param('projectId') projectId: string, @Query() query: PermissionQuery): Promise<AllowedResources> {
    return this.permissions.allowedResources(query.userId, projectId, query.action);
  }

  /** BK-CI resourceCreateRelation: the creator of a new resource becomes its manager. */
  @Post('resource/:projectId/:resourceType/:resourceCode')
  @RequireService()
  async register(@Param() params: ResourceParams, @Body() dto: RegisterResourceDto): Promise<boolean> {
    await this.resourceGroups.registerFromService(resourceOf(params), dto.creator);
    return true;
  }

  /** BK-CI resourceDeleteRelation. */
  @Delete('resource/:projectId/:resourceType/:resourceCode')
  @RequireService()
  async forget(@Param() params: ResourceParams): Promise<boolean> {
    await this.resourceGroups.forgetFromService(resourceOf(params));
    return true;
  }
}
