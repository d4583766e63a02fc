import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { Action, ResourceType } from '@bkci/auth';
import { ProjectGroupMemberEntity } from './entities/project-group-member.entity';
import { ProjectGroupEntity } from './entities/project-group.entity';
import { ResourceGroupMemberEntity } from './entities/resource-group-member.entity';
import { activeMembership } from './project-group.repository';

/**
 * The reads behind permission answers (ProjectPermissionService). The platform module builds the
 * checker for its access guard, outside ProjectsModule, so this is constructed there from the DataSource.
 */
@Injectable()
export class ProjectPermissionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The actions the user's project groups (memberships that have not expired) grant. */
  async projectGroupActions(userId: string, projectId: string): Promise<Action[]> {
    const memberships = await this.dataSource.manager.find(ProjectGroupMemberEntity, { where: activeMembership({ projectId, userId }) });
    if (memberships.length === 0) return [];
    const groups = await this.dataSource.manager.findBy(ProjectGroupEntity, { projectId, groupCode: In(memberships.map((m) => m.groupCode)) });
    return groups.flatMap((group) => group.actions);
  }

  /** The user's resource group memberships that have not expired, of the given types (and resource). */
  resourceMemberships(userId: string, projectId: string, resourceTypes: ResourceType[], resourceCode?: string): Promise<ResourceGroupMemberEntity[]> {
    return this.dataSource.manager.find(ResourceGroupMemberEntity, {
      where: activeMembership<ResourceGroupMemberEntity>({ userId, projectId, resourceType: In(resourceTypes), ...(resourceCode === undefined ? {} : { resourceCode }) }),
    });
  }
}
