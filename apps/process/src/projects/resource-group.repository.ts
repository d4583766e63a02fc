import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { RESOURCE_MANAGER_GROUP } from '@bkci/auth';
import { ResourceRef } from './dto/resource-group.dto';
import { AuthResourceEntity } from './entities/auth-resource.entity';
import { ResourceGroupMemberEntity } from './entities/resource-group-member.entity';
import { activeMembership } from './project-group.repository';

/** Registered resources (BK-CI T_AUTH_RESOURCE) and the members of their groups. */
@Injectable()
export class ResourceGroupRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Registers the resource afresh, dropping any grants left from an earlier one with its code; its creator becomes its manager. */
  async register(resource: ResourceRef, creator: string, now: Date, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(ResourceGroupMemberEntity, { ...resource });
    await manager.delete(AuthResourceEntity, { ...resource });
    await manager.insert(AuthResourceEntity, { ...resource, creator, createdAt: now });
    await manager.insert(ResourceGroupMemberEntity, { ...resource, groupCode: RESOURCE_MANAGER_GROUP, userId: creator, expiredAt: null, joinedAt: now });
  }

  /** Forgets the resource and every grant on it. */
  async forget(resource: ResourceRef, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(ResourceGroupMemberEntity, { ...resource });
    await manager.delete(AuthResourceEntity, { ...resource });
  }

  isRegistered(resource: ResourceRef, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(AuthResourceEntity, { ...resource });
  }

  /** The memberships of all the resource's groups that have not expired, by user. */
  activeMembers(resource: ResourceRef, manager: EntityManager = this.dataSource.manager): Promise<ResourceGroupMemberEntity[]> {
    return manager.find(ResourceGroupMemberEntity, { where: activeMembership<ResourceGroupMemberEntity>({ ...resource }), order: { userId: 'ASC' } });
  }

  /** Whether the user is, and has not expired as, a member of the resource's group. */
  async isActiveMember(resource: ResourceRef, groupCode: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const rows = await manager.find(ResourceGroupMemberEntity, { where: activeMembership<ResourceGroupMemberEntity>({ ...resource, groupCode, userId }) });
    return rows.length > 0;
  }

  /** Adds the member, or replaces the membership (its expiry) when the user is in the group already. */
  async putMember(
    resource: ResourceRef,
    member: { groupCode: string; userId: string; expiredAt: Date | null; joinedAt: Date },
    manager: EntityManager = this.dataSource.manager,
  ): Promise<void> {
    await manager.delete(ResourceGroupMemberEntity, { ...resource, groupCode: member.groupCode, userId: member.userId });
    await manager.insert(ResourceGroupMemberEntity, { ...resource, ...member });
  }

  async removeMember(resource: ResourceRef, groupCode: string, userId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(ResourceGroupMemberEntity, { ...resource, groupCode, userId });
  }
}
