import { Injectable } from '@nestjs/common';
import { Action, PermissionChecker } from '@bkci/auth';
import { DataSource, In } from 'typeorm';
import { activeMembership } from './active-membership';
import { ProjectGroupMemberEntity } from './entities/project-group-member.entity';
import { ProjectGroupEntity } from './entities/project-group.entity';

/**
 * Answers permission questions from the RBAC tables `process` owns (BK-CI's INTERNAL mode).
 * The platform's access guard uses it directly, so it reads through the DataSource rather than
 * this feature module's repositories.
 */
@Injectable()
export class ProjectPermissionService extends PermissionChecker {
  constructor(private readonly dataSource: DataSource) {
    super();
  }

  async isAllowed(userId: string, projectId: string, action: Action): Promise<boolean> {
    const memberships = await this.dataSource.getRepository(ProjectGroupMemberEntity).find({ where: activeMembership({ projectId, userId }) });
    if (memberships.length === 0) return false;
    const groups = await this.dataSource.getRepository(ProjectGroupEntity).findBy({ projectId, groupCode: In(memberships.map((m) => m.groupCode)) });
    return groups.some((group) => group.actions.includes(action));
  }
}
