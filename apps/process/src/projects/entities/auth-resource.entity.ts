import { Entity, PrimaryColumn } from 'typeorm';
import { CreationColumns } from '@bkci/persistence';

/** A resource registered for resource-level permissions (BK-CI T_AUTH_RESOURCE): a template, a credential, … */
@Entity('auth_resources')
export class AuthResourceEntity extends CreationColumns {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  resourceType: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  resourceCode: string;
}
