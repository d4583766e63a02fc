import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** One store version installed into a project's CONSTRAINT copy (BK-CI's install history). */
@Entity('pipeline_template_store_installs')
@Index('idx_pipeline_template_store_installs_src', ['srcTemplateId'])
export class TemplateStoreInstallEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  /** The copy in this project. */
  @PrimaryColumn({ type: 'varchar', length: 32 })
  templateId: string;

  @PrimaryColumn({ type: 'integer' })
  srcVersion: number;

  @Column({ type: 'varchar', length: 32 })
  srcTemplateId: string;

  /** The copy's version that holds it. */
  @Column({ type: 'integer' })
  installedVersion: number;

  @Column({ type: 'varchar', length: 64 })
  installer: string;

  @Column({ type: 'datetime' })
  installedAt: Date;
}
