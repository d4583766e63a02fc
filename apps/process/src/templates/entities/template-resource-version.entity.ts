import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { AuditColumns } from '@bkci/persistence';
import type { BuildFormProperty, PipelineTemplateType, TemplateModel } from '@bkci/pipeline-model';
import type { BranchVersionAction, VersionStatus } from '@bkci/template-version';

/**
 * One version of a template (BK-CI T_PIPELINE_TEMPLATE_RESOURCE_VERSION): the draft (COMMITTING),
 * releases, branch versions and soft-deleted ones. `version` is a global id, `number` the
 * template's own sequence over every row.
 */
@Entity('pipeline_template_resource_versions')
@Index('uk_pipeline_template_resource_versions_number', ['templateId', 'number'], { unique: true })
export class TemplateResourceVersionEntity extends AuditColumns {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  templateId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'integer' })
  number: number;

  @Column({ type: 'integer' })
  settingVersion: number;

  @Column({ type: 'varchar', length: 16 })
  type: PipelineTemplateType;

  @Column({ type: 'varchar', length: 128, nullable: true })
  versionName: string | null;

  @Column({ type: 'integer', nullable: true })
  versionNum: number | null;

  @Column({ type: 'integer', nullable: true })
  pipelineVersion: number | null;

  @Column({ type: 'integer', nullable: true })
  triggerVersion: number | null;

  @Column({ type: 'integer', nullable: true })
  settingVersionNum: number | null;

  @Column({ type: 'integer', nullable: true })
  baseVersion: number | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  baseVersionName: string | null;

  @Column({ type: 'json' })
  params: BuildFormProperty[];

  @Column({ type: 'json' })
  model: TemplateModel;

  /** A JSON string: MariaDB's JSON type is LONGTEXT, where TEXT would stop at 64 KiB. */
  @Column({ type: 'json', nullable: true })
  yaml: string | null;

  @Column({ type: 'varchar', length: 16 })
  status: VersionStatus;

  @Column({ type: 'varchar', length: 16, nullable: true })
  branchAction: BranchVersionAction | null;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  /** Drafts sort first (BK-CI: 100 for a draft, 0 otherwise). */
  @Column({ type: 'integer', default: 0 })
  sortWeight: number;

  @Column({ type: 'datetime', nullable: true })
  releaseTime: Date | null;

  /** Saves of this draft so far (0 for rows that never were a draft). */
  @Column({ type: 'integer', default: 0 })
  draftVersion: number;
}
