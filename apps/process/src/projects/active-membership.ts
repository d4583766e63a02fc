import { FindOptionsWhere, IsNull, MoreThan } from 'typeorm';
import { ProjectGroupMemberEntity } from './entities/project-group-member.entity';

/** Where-clauses matching memberships that have not expired (no expiry, or expiry in the future). */
export function activeMembership(
  where: FindOptionsWhere<ProjectGroupMemberEntity>,
  now = new Date(),
): FindOptionsWhere<ProjectGroupMemberEntity>[] {
  return [
    { ...where, expiredAt: IsNull() },
    { ...where, expiredAt: MoreThan(now) },
  ];
}
