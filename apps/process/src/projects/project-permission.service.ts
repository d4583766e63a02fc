import { Injectable } from '@nestjs/common';
import { Action, AllowedResourcesByAction, PermissionChecker, resourceGroupActions, ResourceType, resourceTypeOf } from '@bkci/auth';
import { ResourceGroupMemberEntity } from './entities/resource-group-member.entity';
import { ProjectPermissionRepository } from './project-permission.repository';

/**
 * Answers permission questions from the RBAC tables `process` owns (BK-CI's INTERNAL mode): a
 * project group's actions reach every resource, a resource group's actions reach its resource.
 * The platform's access guard uses it directly, so the platform module builds it (and its
 * repository) rather than this feature module (process.app.ts).
 */
@Injectable()
export class ProjectPermissionService extends PermissionChecker {
  constructor(private readonly grants: ProjectPermissionRepository) {
    super();
  }

  async isAllowed(userId: string, projectId: string, action: Action, resourceCode?: string): Promise<boolean> {
    if ((await this.projectWideActions(userId, projectId)).has(action)) return true;
    if (resourceCode === undefined) return false;
    const type = resourceTypeOf(action);
    const memberships = await this.resourceMemberships(userId, projectId, [type], resourceCode);
    return memberships.some((membership) => resourceGroupActions(type, membership.groupCode).includes(action));
  }

  async allowedResources(userId: string, projectId: string, actions: Action[]): Promise<AllowedResourcesByAction> {
    const projectWide = await this.projectWideActions(userId, projectId);
    const memberships = await this.resourceMemberships(userId, projectId, [...new Set(actions.map(resourceTypeOf))]);
    const answer: AllowedResourcesByAction = {};
    for (const action of actions) {
      const type = resourceTypeOf(action);
      const codes = memberships
        .filter((membership) => membership.resourceType === type && resourceGroupActions(type, membership.groupCode).includes(action))
        .map((membership) => membership.resourceCode);
      answer[action] = projectWide.has(action) ? { all: true } : { all: false, codes: [...new Set(codes)] };
    }
    return answer;
  }

  /** The actions the user's project groups grant, on every resource of the project. */
  private async projectWideActions(userId: string, projectId: string): Promise<Set<Action>> {
    return new Set(await this.grants.projectGroupActions(userId, projectId));
  }

  private resourceMemberships(userId: string, projectId: string, resourceTypes: ResourceType[], resourceCode?: string): Promise<ResourceGroupMemberEntity[]> {
    return this.grants.resourceMemberships(userId, projectId, resourceTypes, resourceCode);
  }
}
