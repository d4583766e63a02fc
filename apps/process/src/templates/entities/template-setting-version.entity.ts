import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PipelineSetting } from '@bkci/pipeline-model';
import { CreationColumns } from '@bkci/persistence';

/** A template's setting at one setting version (BK-CI T_PIPELINE_TEMPLATE_SETTING_VERSION). */
@Entity('pipeline_template_setting_versions')
export class TemplateSettingVersionEntity extends CreationColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  templateId: string;

  @PrimaryColumn({ type: 'integer' })
  settingVersion: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'json' })
  setting: PipelineSetting;
}
