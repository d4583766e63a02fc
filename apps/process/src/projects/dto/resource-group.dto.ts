import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import { IsIn, Matches } from 'class-validator';
import { Action, ALL_ACTIONS, RESOURCE_GROUPS, ResourceType, USER_ID_PATTERN, USER_ID_RULE } from '@bkci/auth';
import type { RegisterResourceBody } from '@bkci/contracts';

/** Resource types that have per-resource groups. */
export const GROUPED_RESOURCE_TYPES = Object.keys(RESOURCE_GROUPS) as ResourceType[];

const RESOURCE_CODE = /^[A-Za-z0-9_.-]{1,64}$/;

/** Names one resource: its project, type and code. */
export class ResourceParams {
  @ApiProperty()
  @Matches(/^[a-z0-9_-]{1,64}$/, { message: 'projectId must be a project id' }) projectId: string;

  @ApiProperty({ enum: GROUPED_RESOURCE_TYPES })
  @IsIn(GROUPED_RESOURCE_TYPES, { message: `resourceType must be one of ${GROUPED_RESOURCE_TYPES.join(', ')}` })
  resourceType: ResourceType;

  @ApiProperty({ description: "The resource's id, e.g. a template id" })
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
  @ApiProperty({ example: 'manager' })
  @Matches(/^[a-z]{1,32}$/, { message: 'groupCode must be a group of the resource type, e.g. manager' }) groupCode: string;
}

export class ResourceMemberParams extends ResourceGroupParams {
  @ApiProperty()
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

@ApiSchema({ name: 'ResourceGroupMember', description: 'A member of a resource group' })
export class ResourceGroupMemberDto {
  @ApiProperty() userId: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When the membership ends; null for never' }) expiredAt: string | null;
}

/** The answer as the API document shows it; it implements the interface so the two cannot drift. */
@ApiSchema({ name: 'ResourceGroup', description: "One group of a resource (its managers, …), the actions it grants and its members" })
export class ResourceGroupAnswerDto implements ResourceGroupDto {
  @ApiProperty({ example: 'manager' }) groupCode: string;
  @ApiProperty({ enum: ALL_ACTIONS, isArray: true }) actions: Action[];
  @ApiProperty({ type: [ResourceGroupMemberDto] }) members: ResourceGroupMemberDto[];
}
