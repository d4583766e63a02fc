import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BuildStatus, StartType } from '@bkci/pipeline-model';

/**
 * BK-CI's T_PIPELINE_BUILD_HISTORY (debug builds of a draft included, flagged `debug`, numbered
 * apart). Status changes are compare-and-set on the status they expect; other writes bump `revision`.
 */
@Entity('pipeline_build_histories')
@Index('uk_pipeline_build_histories_num', ['pipelineId', 'debug', 'buildNum'], { unique: true })
@Index('idx_pipeline_build_histories_status', ['projectId', 'pipelineId', 'status'])
@Index('idx_pipeline_build_histories_group', ['projectId', 'concurrencyGroup', 'status'])
export class BuildHistoryEntity {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  buildId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 34 })
  pipelineId: string;

  @Column({ type: 'integer' })
  buildNum: number;

  /** The pipeline version the build runs. */
  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'varchar', length: 64 })
  versionName: string;

  @Column({ type: 'varchar', length: 32 })
  status: BuildStatus;

  /** BK-CI's TRIGGER column. */
  @Column({ type: 'varchar', length: 32 })
  startType: StartType;

  /** BK-CI ChannelCode; BS for everything started here. */
  @Column({ type: 'varchar', length: 32 })
  channel: string;

  @Column({ type: 'varchar', length: 64 })
  startUser: string;

  @Column({ type: 'varchar', length: 64 })
  triggerUser: string;

  @Column({ type: 'datetime' })
  queueTime: Date;

  @Column({ type: 'datetime', nullable: true })
  startTime: Date | null;

  @Column({ type: 'datetime', nullable: true })
  endTime: Date | null;

  @Column({ type: 'integer' })
  executeCount: number;

  /** The trigger task: where BuildStartControl begins. */
  @Column({ type: 'varchar', length: 64 })
  firstTaskId: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  concurrencyGroup: string | null;

  /** The startup params as BK-CI's BuildParameters list (`[{key, value, valueType, readOnly}]`). */
  @Column({ type: 'json' })
  buildParameters: object[];

  @Column({ type: 'varchar', length: 255 })
  buildMsg: string;

  @Column({ type: 'varchar', length: 255, nullable: true })
  buildNumAlias: string | null;

  /** `Major.Minor.Fix.BuildNo` when the pipeline has a recommended version. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  recommendVersion: string | null;

  @Column({ type: 'varchar', length: 34, nullable: true })
  parentBuildId: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  parentTaskId: string | null;

  @Column({ type: 'boolean' })
  debug: boolean;

  @Column({ type: 'varchar', length: 32, nullable: true })
  errorType: string | null;

  @Column({ type: 'integer', nullable: true })
  errorCode: number | null;

  @Column({ type: 'text', nullable: true })
  errorMsg: string | null;

  @Column({ type: 'integer' })
  revision: number;
}
