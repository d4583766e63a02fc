import { Injectable } from '@nestjs/common';
import { Caller, PermissionChecker, RESOURCE_GROUPS, RESOURCE_MANAGER_GROUP, resourceGroupActions, ResourceType } from '@bkci/auth';
import { CommonError, CommonErrorCode } from '@bkci/core';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { emitEvent, PROJECT_PERMISSIONS_CHANGED } from '@bkci/contracts';
import { AddMembersDto } from './dto/group.dto';
import { ResourceGroupDto, ResourceRef } from './dto/resource-group.dto';
import { ProjectError, ProjectErrorCode } from './project.errors';
import { ResourceGroupRepository } from './resource-group.repository';

/**
 * Resource-level permissions (BK-CI resourceCreateRelation and the per-resource groups): a new
 * resource is registered with its creator as manager; its managers, or the project's, add and
 * remove members of its groups. Every change drops cached permission answers in every app.
 */
@Injectable()
export class ResourceGroupService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly permissions: PermissionChecker,
    private readonly groups: ResourceGroupRepository,
  ) {}

  /** Registers a new resource inside the transaction that creates it; its creator becomes its manager. */
  async register(tx: OutboxTransaction, resource: ResourceRef, creator: string): Promise<void> {
    await this.groups.register(resource, creator, new Date(), tx.manager);
    emitEvent(tx.emit, PROJECT_PERMISSIONS_CHANGED, { projectId: resource.projectId });
  }

  /** Forgets a deleted resource and every grant on it, inside the transaction that deletes it. */
  async forget(tx: OutboxTransaction, resource: ResourceRef): Promise<void> {
    await this.groups.forget(resource, tx.manager);
    emitEvent(tx.emit, PROJECT_PERMISSIONS_CHANGED, { projectId: resource.projectId });
  }

  /** For other apps, which own their resources in their own databases. */
  async registerFromService(resource: ResourceRef, creator: string): Promise<void> {
    await this.outbox.transaction((tx) => this.register(tx, resource, creator));
  }

  async forgetFromService(resource: ResourceRef): Promise<void> {
    await this.outbox.transaction((tx) => this.forget(tx, resource));
  }

  /** The resource's groups, each with the actions it grants and its current members. */
  async listGroups(caller: Caller, resource: ResourceRef): Promise<ResourceGroupDto[]> {
    await this.requireManager(caller, resource);
    return this.groupsOf(resource);
  }

  private async groupsOf(resource: ResourceRef): Promise<ResourceGroupDto[]> {
    const rows = await this.groups.activeMembers(resource);
    return Object.entries(RESOURCE_GROUPS[resource.resourceType] ?? {}).map(([groupCode, actions]) => ({
      groupCode,
      actions,
      members: rows.filter((row) => row.groupCode === groupCode).map((row) => ({ userId: row.userId, expiredAt: row.expiredAt?.toISOString() ?? null })),
    }));
  }

  /** Adds users to one group of the resource; adding someone already in it updates the expiry instead. */
  async addMembers(caller: Caller, resource: ResourceRef, groupCode: string, dto: AddMembersDto): Promise<ResourceGroupDto[]> {
    await this.requireManager(caller, resource);
    requireGroup(resource.resourceType, groupCode);
    const expiredAt = dto.expiredAt ? new Date(dto.expiredAt) : null;
    const joinedAt = new Date();
    await this.outbox.transaction(async ({ manager, emit }) => {
      for (const userId of new Set(dto.userIds)) {
        await this.groups.putMember(resource, { groupCode, userId, expiredAt, joinedAt }, manager);
      }
      emitEvent(emit, PROJECT_PERMISSIONS_CHANGED, { projectId: resource.projectId });
    });
    return this.groupsOf(resource);
  }

  async removeMember(caller: Caller, resource: ResourceRef, groupCode: string, userId: string): Promise<void> {
    await this.requireManager(caller, resource);
    requireGroup(resource.resourceType, groupCode);
    await this.outbox.transaction(async ({ manager, emit }) => {
      await this.groups.removeMember(resource, groupCode, userId, manager);
      emitEvent(emit, PROJECT_PERMISSIONS_CHANGED, { projectId: resource.projectId });
    });
  }

  /** A resource's own managers manage its groups, and so do the project's managers. */
  private async requireManager(caller: Caller, resource: ResourceRef): Promise<void> {
    if (!(await this.groups.isRegistered(resource))) {
      throw new ProjectError(ProjectErrorCode.RESOURCE_NOT_FOUND, `${resource.resourceType} ${resource.resourceCode} is not registered in ${resource.projectId}`);
    }
    if (await this.permissions.allows(caller, resource.projectId, 'project_manage')) return;
    if (await this.groups.isActiveMember(resource, RESOURCE_MANAGER_GROUP, caller.userId)) return;
    throw new CommonError(
      CommonErrorCode.PERMISSION_DENIED,
      `Only managers of ${resource.resourceType} ${resource.resourceCode} or of project ${resource.projectId} may change who may use it`,
      { projectId: resource.projectId, resourceCode: resource.resourceCode },
    );
  }
}

function requireGroup(resourceType: ResourceType, groupCode: string): void {
  if (resourceGroupActions(resourceType, groupCode).length > 0) return;
  const known = Object.keys(RESOURCE_GROUPS[resourceType] ?? {}).join(', ');
  throw new ProjectError(ProjectErrorCode.GROUP_NOT_FOUND, `${resourceType} has no group ${groupCode}; its groups are ${known}`);
}
