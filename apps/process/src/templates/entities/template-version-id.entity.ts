import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** Allocates BK-CI's global template `version` ids: one row per id, the database numbers them. */
@Entity('pipeline_template_version_ids')
export class TemplateVersionIdEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 32 })
  templateId: string;
}
