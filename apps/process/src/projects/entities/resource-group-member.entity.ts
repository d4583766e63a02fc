import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A user in one group of one resource (BK-CI T_AUTH_RESOURCE_GROUP_MEMBER); the group's actions are RESOURCE_GROUPS. */
@Entity('resource_group_members')
@Index('idx_resource_group_members_user', ['userId', 'projectId', 'resourceType'])
export class ResourceGroupMemberEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  resourceType: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  resourceCode: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  groupCode: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  userId: string;

  /** Null means never. */
  @Column({ type: 'datetime', nullable: true })
  expiredAt: Date | null;

  @Column({ type: 'datetime' })
  joinedAt: Date;
}
