import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreationColumns } from '@bkci/persistence';

export type InstanceBaseType = 'CREATE' | 'UPDATE';
/** BK-CI TemplateInstanceStatus (without PAC's WAIT_MERGE). */
export type InstanceBaseStatus = 'INIT' | 'INSTANCING' | 'SUCCESS' | 'FAILED' | 'PARTIAL_SUCCESS';

/** One asynchronous instantiation batch (BK-CI T_TEMPLATE_INSTANCE_BASE). */
@Entity('template_instance_bases')
@Index('idx_template_instance_bases_template', ['projectId', 'templateId', 'status'])
export class TemplateInstanceBaseEntity extends CreationColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 32 })
  templateId: string;

  @Column({ type: 'integer' })
  templateVersion: number;

  @Column({ type: 'varchar', length: 16 })
  type: InstanceBaseType;

  @Column({ type: 'varchar', length: 16 })
  status: InstanceBaseStatus;

  @Column({ type: 'integer' })
  totalItemNum: number;

  @Column({ type: 'integer', default: 0 })
  successItemNum: number;

  @Column({ type: 'integer', default: 0 })
  failItemNum: number;

  @Column({ type: 'boolean', default: false })
  useTemplateSettings: boolean;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
