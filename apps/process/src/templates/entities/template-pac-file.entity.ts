import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Which template a YAML file under `.ci/templates/` is (BK-CI T_PIPELINE_YAML_INFO for templates). */
@Entity('pipeline_template_pac_files')
export class TemplatePacFileEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  @PrimaryColumn({ type: 'varchar', length: 512 })
  filePath: string;

  @Column({ type: 'varchar', length: 32 })
  templateId: string;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
