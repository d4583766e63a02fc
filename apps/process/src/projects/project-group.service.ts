import { Injectable } from '@nestjs/common';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { isUniqueViolation } from '@bkci/persistence';
import { emitEvent, PROJECT_PERMISSIONS_CHANGED } from '@bkci/contracts';
import { AddMembersDto, CreateGroupDto, GroupDto, MemberDto, toGroupDto, UpdateGroupDto } from './dto/group.dto';
import { ProjectGroupEntity } from './entities/project-group.entity';
import { ProjectGroupRepository } from './project-group.repository';
import { ProjectError, ProjectErrorCode } from './project.errors';
import { ProjectService } from './project.service';

/**
 * Groups and their members in one project. Every change emits PROJECT_PERMISSIONS_CHANGED in
 * the same transaction, which drops cached permission answers in every app.
 */
@Injectable()
export class ProjectGroupService {
  constructor(
    private readonly projects: ProjectService,
    private readonly outbox: OutboxService,
    private readonly groups: ProjectGroupRepository,
  ) {}

  async listGroups(projectId: string): Promise<GroupDto[]> {
    await this.projects.require(projectId);
    const groups = await this.groups.groupsOf(projectId);
    return groups.map(toGroupDto);
  }

  async createGroup(projectId: string, dto: CreateGroupDto): Promise<GroupDto> {
    await this.projects.require(projectId);
    const group: ProjectGroupEntity = {
      projectId,
      groupCode: dto.groupCode,
      groupName: dto.groupName,
      description: dto.description ?? '',
      actions: [...new Set(dto.actions)],
      builtIn: false,
      createdAt: new Date(),
    };
    try {
      await this.outbox.transaction(async ({ manager, emit }) => {
        await this.groups.insertGroups([group], manager);
        emitEvent(emit, PROJECT_PERMISSIONS_CHANGED, { projectId });
      });
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ProjectError(ProjectErrorCode.GROUP_ALREADY_EXISTS, `Group ${dto.groupCode} already exists in ${projectId}`);
      }
      throw error;
    }
    return toGroupDto(group);
  }

  async updateGroup(projectId: string, groupCode: string, dto: UpdateGroupDto): Promise<GroupDto> {
    const group = await this.requireCustomGroup(projectId, groupCode);
    const updated: ProjectGroupEntity = {
      ...group,
      groupName: dto.groupName ?? group.groupName,
      description: dto.description ?? group.description,
      actions: dto.actions ? [...new Set(dto.actions)] : group.actions,
    };
    await this.outbox.transaction(async ({ manager, emit }) => {
      await this.groups.updateGroup(updated, manager);
      emitEvent(emit, PROJECT_PERMISSIONS_CHANGED, { projectId });
    });
    return toGroupDto(updated);
  }

  async deleteGroup(projectId: string, groupCode: string): Promise<void> {
    await this.requireCustomGroup(projectId, groupCode);
    await this.outbox.transaction(async ({ manager, emit }) => {
      await this.groups.deleteGroup(projectId, groupCode, manager);
      emitEvent(emit, PROJECT_PERMISSIONS_CHANGED, { projectId });
    });
  }

  async listMembers(projectId: string): Promise<MemberDto[]> {
    await this.projects.require(projectId);
    const rows = await this.groups.activeMembers(projectId);
    const byUser = new Map<string, MemberDto>();
    for (const row of rows) {
      const member = byUser.get(row.userId) ?? { userId: row.userId, groups: [] };
      member.groups.push({ groupCode: row.groupCode, expiredAt: row.expiredAt?.toISOString() ?? null });
      byUser.set(row.userId, member);
    }
    return [...byUser.values()];
  }

  /** Adds users to a group; adding someone already in it updates the expiry instead. */
  async addMembers(projectId: string, groupCode: string, dto: AddMembersDto): Promise<MemberDto[]> {
    await this.requireGroup(projectId, groupCode);
    const expiredAt = dto.expiredAt ? new Date(dto.expiredAt) : null;
    const joinedAt = new Date();
    await this.outbox.transaction(async ({ manager, emit }) => {
      for (const userId of new Set(dto.userIds)) {
        await this.groups.putMember({ projectId, groupCode, userId, expiredAt, joinedAt }, manager);
      }
      emitEvent(emit, PROJECT_PERMISSIONS_CHANGED, { projectId });
    });
    return this.listMembers(projectId);
  }

  async removeMember(projectId: string, groupCode: string, userId: string): Promise<void> {
    await this.requireGroup(projectId, groupCode);
    await this.outbox.transaction(async (tx) => {
      if (groupCode === 'manager') await this.keepOneManager(tx, projectId, userId);
      await this.groups.removeMember(projectId, groupCode, userId, tx.manager);
      emitEvent(tx.emit, PROJECT_PERMISSIONS_CHANGED, { projectId });
    });
  }

  /** A project without a manager could never be managed again. */
  private async keepOneManager(tx: OutboxTransaction, projectId: string, leavingUserId: string): Promise<void> {
    const managers = await this.groups.activeMembersOf(projectId, 'manager', tx.manager);
    if (managers.every((m) => m.userId === leavingUserId)) {
      throw new ProjectError(ProjectErrorCode.LAST_MANAGER, `${leavingUserId} is the last manager of ${projectId}; add another manager first`);
    }
  }

  private async requireGroup(projectId: string, groupCode: string): Promise<ProjectGroupEntity> {
    await this.projects.require(projectId);
    const group = await this.groups.group(projectId, groupCode);
    if (!group) throw new ProjectError(ProjectErrorCode.GROUP_NOT_FOUND, `Group ${groupCode} does not exist in ${projectId}`);
    return group;
  }

  private async requireCustomGroup(projectId: string, groupCode: string): Promise<ProjectGroupEntity> {
    const group = await this.requireGroup(projectId, groupCode);
    if (group.builtIn) {
      throw new ProjectError(ProjectErrorCode.BUILT_IN_GROUP_READ_ONLY, `The built-in group ${groupCode} cannot be changed or deleted`);
    }
    return group;
  }
}
