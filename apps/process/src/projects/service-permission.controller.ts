import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { Action, ALL_ACTIONS, PermissionChecker, RequireService, USER_ID_PATTERN } from '@bkci/auth';

class ValidatePermissionQuery {
  @Matches(USER_ID_PATTERN) userId: string;
  @IsIn(ALL_ACTIONS) action: Action;
}

/** What other apps call to check a permission (BK-CI: /service/auth/permission/projects/{p}/...). */
@ApiTags('auth (service)')
@Controller('service/auth/permission/projects/:projectId')
export class ServicePermissionController {
  constructor(private readonly permissions: PermissionChecker) {}

  @Get('validate')
  @RequireService()
  validate(@Param('projectId') projectId: string, @Query() query: ValidatePermissionQuery): Promise<boolean> {
    return this.permissions.isAllowed(query.userId, projectId, query.action);
  }
}
