import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

@Entity('project_group_members')
@Index('idx_project_group_members_user', ['userId', 'projectId'])
export class ProjectGroupMemberEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  groupCode: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  userId: string;

  /** BK-CI memberships expire; null means never. */
  @Column({ type: 'datetime', nullable: true })
  expiredAt: Date | null;

  @Column({ type: 'datetime' })
  joinedAt: Date;
}
