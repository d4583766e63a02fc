import { ApiProperty } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { Action, RESOURCE_GROUPS, ResourceType, USER_ID_PATTERN, USER_ID_RULE } from '@bkci/auth';
import type { RegisterResourceBody } from '@bkci/contracts';

/** Resource types that have per-resource groups. */
export const GROUPED_RESOURCE_TYPES = Object.keys(RESOURCE_GROUPS) as ResourceType[];

const RESOURCE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Names one resource: its project, type and code. */
export class ResourceParams {
  @Matches(/^[a-z0-9_-]{1,64}$/, { message: 'projectId must be a project id' }) projectId: string;

  @IsIn(GROUPED_RESOURCE_TYPES, { message: `resourceType must be one of ${GROUPED_RESOURCE_TYPES.join(', ')}` })
  resourceType: ResourceType;

  @Matches(RESOURCE_CODE, { message: 'resourceCode must be 1–64 letters, digits, "_", "." or "-"' }) resourceCode: string;
}

/** One resource, as the services take it. */
export interface ResourceRef {
  projectId: string;
  resourceType: ResourceType;
  resourceCode: string;
}

export function resourceOf({ projectId, resourceType, resourceCode }: ResourceParams): ResourceRef {
  return { projectId, resourceType, resourceCode };
}

export class ResourceGroupParams extends ResourceParams {
  @Matches(/^[a-z]{1,32}$/, { message: 'groupCode must be a group of the resource type, e.g. manager' }) groupCode: string;
}

export class ResourceMemberParams extends ResourceGroupParams {
  @Matches(USER_ID_PATTERN, { message: `userId must be a user id: ${USER_ID_RULE}` }) userId: string;
}

export class RegisterResourceDto implements RegisterResourceBody {
  @ApiProperty() @Matches(USER_ID_PATTERN, { message: `creator must be a user id: ${USER_ID_RULE}` }) creator: string;
}

export interface ResourceGroupDto {
  groupCode: string;
  actions: Action[];
  members: Array<{ userId: string; expiredAt: string | null }>;
}
