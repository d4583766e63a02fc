import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, FindOptionsWhere, IsNull, MoreThan } from 'typeorm';
import { ProjectGroupMemberEntity } from './entities/project-group-member.entity';
import { ProjectGroupEntity } from './entities/project-group.entity';

/**
 * Where-clauses matching memberships (of a project group by default, or of a resource group) that
 * have not expired. For the repositories of this feature.
 */
export function activeMembership<T extends { expiredAt: Date | null } = ProjectGroupMemberEntity>(where: FindOptionsWhere<NoInfer<T>>, now = new Date()): FindOptionsWhere<T>[] {
  return [
    { ...where, expiredAt: IsNull() },
    { ...where, expiredAt: MoreThan(now) },
  ] as FindOptionsWhere<T>[];
}

/** A project's groups (the roles and custom groups) and their members. */
@Injectable()
export class ProjectGroupRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Built-in groups first, then by code. */
  groupsOf(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<ProjectGroupEntity[]> {
    return manager.find(ProjectGroupEntity, { where: { projectId }, order: { builtIn: 'DESC', groupCode: 'ASC' } });
  }

  group(projectId: string, groupCode: string, manager: EntityManager = this.dataSource.manager): Promise<ProjectGroupEntity | null> {
    return manager.findOneBy(ProjectGroupEntity, { projectId, groupCode });
  }

  async insertGroups(groups: ProjectGroupEntity[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(ProjectGroupEntity, groups);
  }

  async updateGroup(group: ProjectGroupEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.save(ProjectGroupEntity, group);
  }

  /** The group and all its memberships. */
  async deleteGroup(projectId: string, groupCode: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(ProjectGroupMemberEntity, { projectId, groupCode });
    await manager.delete(ProjectGroupEntity, { projectId, groupCode });
  }

  /** The project's memberships that have not expired, by user then group. */
  activeMembers(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<ProjectGroupMemberEntity[]> {
    return manager.find(ProjectGroupMemberEntity, { where: activeMembership({ projectId }), order: { userId: 'ASC', groupCode: 'ASC' } });
  }

  /** One group's memberships that have not expired. */
  activeMembersOf(projectId: string, groupCode: string, manager: EntityManager = this.dataSource.manager): Promise<ProjectGroupMemberEntity[]> {
    return manager.find(ProjectGroupMemberEntity, { where: activeMembership({ projectId, groupCode }) });
  }

  /** The user's memberships that have not expired, in every project. */
  activeMembershipsOfUser(userId: string, manager: EntityManager = this.dataSource.manager): Promise<ProjectGroupMemberEntity[]> {
    return manager.find(ProjectGroupMemberEntity, { where: activeMembership({ userId }) });
  }

  async insertMember(member: ProjectGroupMemberEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(ProjectGroupMemberEntity, member);
  }

  /** Adds the member, or replaces the membership (its expiry) when the user is in the group already. */
  async putMember(member: ProjectGroupMemberEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    const { projectId, groupCode, userId } = member;
    await manager.delete(ProjectGroupMemberEntity, { projectId, groupCode, userId });
    await manager.insert(ProjectGroupMemberEntity, member);
  }

  async removeMember(projectId: string, groupCode: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(ProjectGroupMemberEntity, { projectId, groupCode, userId });
  }
}
