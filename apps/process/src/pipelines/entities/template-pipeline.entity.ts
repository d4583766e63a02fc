import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AuditColumns, bigintAsNumber } from '@bkci/persistence';

/**
 * BK-CI's T_TEMPLATE_PIPELINE: which template (and version) a pipeline instance follows. V1 and V2
 * share it. JSON columns are typed `object` for TypeORM's sake; the DTO mapper types them.
 */
@Entity('template_pipelines')
@Index('idx_template_pipelines_template', ['projectId', 'templateId'])
export class TemplatePipelineEntity extends AuditColumns {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  pipelineId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 64 })
  templateId: string;

  /** For CONSTRAINT (store) templates, the source template's version, as in BK-CI. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  templateVersion: number;

  @Column({ type: 'varchar', length: 64 })
  templateVersionName: string;

  @Column({ type: 'varchar', length: 32, default: 'CONSTRAINT' })
  instanceType: string;

  @Column({ type: 'varchar', length: 64, default: '' })
  rootTemplateId: string;

  @Column({ type: 'json', nullable: true })
  buildNo: object | null;

  @Column({ type: 'json' })
  params: object[];

  @Column({ type: 'varchar', length: 32, default: 'UPDATED' })
  status: string;

  @Column({ type: 'text', nullable: true })
  instanceErrorInfo: string | null;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;
}
