import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { InstanceRequest } from '../instance-merge';

export type InstanceItemStatus = 'INIT' | 'SUCCESS' | 'FAILED';

/** One pipeline of a batch (BK-CI T_TEMPLATE_INSTANCE_ITEM); its pipelineId is fixed when the batch is accepted. */
@Entity('template_instance_items')
@Index('idx_template_instance_items_base', ['baseId', 'status'])
@Index('idx_template_instance_items_pipeline', ['projectId', 'pipelineId'])
export class TemplateInstanceItemEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  baseId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 34 })
  pipelineId: string;

  @Column({ type: 'varchar', length: 128 })
  pipelineName: string;

  @Column({ type: 'varchar', length: 16 })
  status: InstanceItemStatus;

  @Column({ type: 'json' })
  request: InstanceRequest;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  errorMessage: string | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
