import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PipelineSetting } from '@bkci/pipeline-model';

/** A template's setting at one setting version (BK-CI T_PIPELINE_TEMPLATE_SETTING_VERSION). */
@Entity('pipeline_template_setting_versions')
export class TemplateSettingVersionEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  templateId: string;

  @PrimaryColumn({ type: 'integer' })
  settingVersion: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'json' })
  setting: PipelineSetting;

  @Column({ type: 'varchar', length: 64 })
  creator: string;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
