import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** What was done to a template, by whom and when (BK-CI's operation log). */
@Entity('pipeline_template_operation_logs')
@Index('idx_pipeline_template_operation_logs_template', ['projectId', 'templateId', 'createdAt'])
export class TemplateOperationLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 32 })
  templateId: string;

  @Column({ type: 'integer', nullable: true })
  version: number | null;

  @Column({ type: 'varchar', length: 64 })
  operationType: string;

  @Column({ type: 'json' })
  params: Record<string, unknown>;

  @Column({ type: 'varchar', length: 64 })
  operator: string;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
