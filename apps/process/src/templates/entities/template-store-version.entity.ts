import { Column, Entity, PrimaryColumn } from 'typeorm';

/** A template version published to the store (BK-CI's "published version" record). */
@Entity('pipeline_template_store_versions')
export class TemplateStoreVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  templateId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 128 })
  versionName: string;

  @Column({ type: 'varchar', length: 64 })
  publisher: string;

  @Column({ type: 'datetime' })
  publishedAt: Date;
}
