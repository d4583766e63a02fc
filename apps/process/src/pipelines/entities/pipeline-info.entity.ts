import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { RevisedAuditColumns } from '@bkci/persistence';

/** BK-CI's T_PIPELINE_INFO: one row per pipeline, pointing at its latest version. */
@Entity('pipelines')
@Index('uk_pipelines_active_name', ['projectId', 'activeName'], { unique: true })
export class PipelineInfoEntity extends RevisedAuditColumns {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  pipelineId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 255 })
  pipelineName: string;

  /**
   * The name while the pipeline is live, NULL once deleted. Both SQLite and MariaDB let NULLs
   * repeat in a unique index, so names are unique among live pipelines only and deleting frees one.
   */
  @Column({ type: 'varchar', length: 255, nullable: true })
  activeName: string | null;

  @Column({ type: 'varchar', length: 255, default: '' })
  desc: string;

  @Column({ type: 'integer' })
  latestVersion: number;

  @Column({ type: 'varchar', length: 64 })
  latestVersionName: string;

  @Column({ type: 'boolean', default: false })
  instanceFromTemplate: boolean;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;
}
