import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A resource registered for resource-level permissions (BK-CI T_AUTH_RESOURCE): a template, a credential, … */
@Entity('auth_resources')
export class AuthResourceEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  resourceType: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  resourceCode: string;

  @Column({ type: 'varchar', length: 64 })
  creator: string;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
