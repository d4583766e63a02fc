import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BuildFormProperty, PipelineSetting, TemplateModel } from '@bkci/pipeline-model';
import { CreationColumns } from '@bkci/persistence';

/** One save of a draft (BK-CI T_PIPELINE_TEMPLATE_RESOURCE_DRAFT_VERSION + its setting twin). */
@Entity('pipeline_template_draft_versions')
export class TemplateDraftVersionEntity extends CreationColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  templateId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @PrimaryColumn({ type: 'integer' })
  draftVersion: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'integer', nullable: true })
  baseDraftVersion: number | null;

  @Column({ type: 'json' })
  model: TemplateModel;

  @Column({ type: 'json' })
  params: BuildFormProperty[];

  @Column({ type: 'json' })
  setting: PipelineSetting;
}
