import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreationColumns } from '@bkci/persistence';

/**
 * BK-CI's T_PIPELINE_RESOURCE_VERSION: every saved version of a pipeline, numbered from 1.
 * `json` columns are LONGTEXT on MariaDB (a Model easily outgrows TEXT's 64 KiB) and text on SQLite.
 * They are typed `object` because TypeORM's write types cannot follow the Model's unions; the DTO
 * mappers give them their types back.
 */
@Entity('pipeline_resource_versions')
export class PipelineResourceVersionEntity extends CreationColumns {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  pipelineId: string;

  @PrimaryColumn({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'json' })
  model: object;

  @Column({ type: 'json' })
  setting: object;

  /** The v3.0 YAML of the model, or NULL when v3.0 cannot express it. */
  @Column({ type: 'text', nullable: true })
  yaml: string | null;

  @Column({ type: 'varchar', length: 64 })
  versionName: string;

  @Column({ type: 'varchar', length: 32 })
  status: string;

  @Column({ type: 'integer', nullable: true })
  baseVersion: number | null;

  @Column({ type: 'varchar', length: 32 })
  versionAction: string;
}
