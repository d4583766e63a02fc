import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMinSize, IsIn, IsOptional, Matches } from 'class-validator';
import { Action, ALL_ACTIONS, AllowedResourcesByAction, PermissionChecker, RequireService, USER_ID_PATTERN } from '@bkci/auth';
import {
  ALLOWED_RESOURCES,
  FORGET_RESOURCE,
  PROCESS_AUTH_CONTROLLER,
  REGISTER_RESOURCE,
  VALIDATE_PERMISSION,
  type ValidatePermissionQuery as ValidatePermissionContract,
} from '@bkci/contracts';
import { RegisterResourceDto, ResourceParams, resourceOf } from './dto/resource-group.dto';
import { ResourceGroupService } from './resource-group.service';

class ValidatePermissionQuery implements ValidatePermissionContract {
  @Matches(USER_ID_PATTERN) userId: string;
  @IsIn(ALL_ACTIONS) action: Action;
  @IsOptional() @Matches(/^[A-Za-z0-9_.-]{1,64}$/) resourceCode?: string;
}

class AllowedResourcesQuery {
  @Matches(USER_ID_PATTERN) userId: string;

  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @ArrayMinSize(1)
  @IsIn(ALL_ACTIONS, { each: true })
  actions: Action[];
}

/** What other apps call to check permissions and register their resources (BK-CI: /service/auth/...). */
@ApiTags('auth (service)')
@Controller(PROCESS_AUTH_CONTROLLER)
export class ServicePermissionController {
  constructor(
    private readonly permissions: PermissionChecker,
    private readonly resourceGroups: ResourceGroupService,
  ) {}

  @Get(VALIDATE_PERMISSION.path)
  @RequireService()
  validate(@Param('projectId') projectId: string, @Query() query: ValidatePermissionQuery): Promise<boolean> {
    return this.permissions.isAllowed(query.userId, projectId, query.action, query.resourceCode);
  }

  /** BK-CI …/actions/instance/map: for each action, the resources of its type the user may act on. */
  @Get(ALLOWED_RESOURCES.path)
  @RequireService()
  allowedResources(@Param('projectId') projectId: string, @Query() query: AllowedResourcesQuery): Promise<AllowedResourcesByAction> {
    return this.permissions.allowedResources(query.userId, projectId, query.actions);
  }

  /** BK-CI resourceCreateRelation: the creator of a new resource becomes its manager. */
  @Post(REGISTER_RESOURCE.path)
  @RequireService()
  async register(@Param() params: ResourceParams, @Body() dto: RegisterResourceDto): Promise<boolean> {
    await this.resourceGroups.registerFromService(resourceOf(params), dto.creator);
    return true;
  }

  /** BK-CI resourceDeleteRelation. */
  @Delete(FORGET_RESOURCE.path)
  @RequireService()
  async forget(@Param() params: ResourceParams): Promise<boolean> {
    await this.resourceGroups.forgetFromService(resourceOf(params));
    return true;
  }
}
