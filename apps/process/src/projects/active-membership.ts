import { FindOptionsWhere, IsNull, MoreThan } from 'typeorm';
import { ProjectGroupMemberEntity } from './entities/project-group-member.entity';

/** Where-clauses matching memberships (of a project group by default, or of a resource group) that have not expired. */
export function activeMembership<T extends { expiredAt: Date | null } = ProjectGroupMemberEntity>(where: FindOptionsWhere<NoInfer<T>>, now = new Date()): FindOptionsWhere<T>[] {
  return [
    { ...where, expiredAt: IsNull() },
    { ...where, expiredAt: MoreThan(now) },
  ] as FindOptionsWhere<T>[];
}
