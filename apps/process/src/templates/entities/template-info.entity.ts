import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { RevisedAuditColumns } from '@bkci/persistence';
import type { PipelineTemplateType } from '@bkci/pipeline-model';
import type { StoreStatus, Strategy, TemplateMode, VersionStatus } from '@bkci/template-version';

/** A template's head row (BK-CI T_PIPELINE_TEMPLATE_INFO). `revision` guards every update. */
@Entity('pipeline_template_infos')
@Index('uk_pipeline_template_infos_name', ['projectId', 'name'], { unique: true })
export class TemplateInfoEntity extends RevisedAuditColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 128 })
  name: string;

  @Column({ type: 'varchar', length: 1024, default: '' })
  description: string;

  @Column({ type: 'varchar', length: 16 })
  mode: TemplateMode;

  @Column({ type: 'varchar', length: 16 })
  type: PipelineTemplateType;

  @Column({ type: 'varchar', length: 8 })
  upgradeStrategy: Strategy;

  @Column({ type: 'varchar', length: 8 })
  settingSyncStrategy: Strategy;

  @Column({ type: 'varchar', length: 8 })
  publishStrategy: Strategy;

  @Column({ type: 'json' })
  category: string[];

  @Column({ type: 'varchar', length: 512, default: '' })
  logoUrl: string;

  @Column({ type: 'boolean', default: false })
  pac: boolean;

  @Column({ type: 'integer', nullable: true })
  releasedVersion: number | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  releasedVersionName: string | null;

  @Column({ type: 'integer', nullable: true })
  releasedSettingVersion: number | null;

  @Column({ type: 'varchar', length: 16 })
  latestVersionStatus: VersionStatus;

  @Column({ type: 'varchar', length: 32 })
  storeStatus: StoreStatus;

  @Column({ type: 'varchar', length: 32, nullable: true })
  srcTemplateId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  srcTemplateProjectId: string | null;
}
