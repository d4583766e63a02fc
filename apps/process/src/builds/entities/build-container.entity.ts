import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BuildStatus } from '@bkci/pipeline-model';

/**
 * BK-CI's T_PIPELINE_BUILD_CONTAINER: one row per job of a build. `containerId` is the job's seq id
 * (unique in the model: the trigger is "0"); `conditions` is the job's configuration without its steps.
 */
@Entity('pipeline_build_containers')
@Index('idx_pipeline_build_containers_stage', ['buildId', 'stageId'])
export class BuildContainerEntity {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  buildId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  containerId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 34 })
  pipelineId: string;

  @Column({ type: 'varchar', length: 64 })
  stageId: string;

  /** The container's `@type`: trigger, vmBuild, normal. */
  @Column({ type: 'varchar', length: 32 })
  containerType: string;

  @Column({ type: 'varchar', length: 64 })
  containerHashId: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  jobId: string | null;

  @Column({ type: 'integer' })
  seq: number;

  @Column({ type: 'varchar', length: 32 })
  status: BuildStatus;

  @Column({ type: 'integer' })
  executeCount: number;

  @Column({ type: 'datetime', nullable: true })
  startTime: Date | null;

  @Column({ type: 'datetime', nullable: true })
  endTime: Date | null;

  @Column({ type: 'json' })
  conditions: object;

  @Column({ type: 'boolean' })
  matrixGroupFlag: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true })
  matrixGroupId: string | null;

  /** Why the engine left it where it is (waiting for an agent, skipped by its condition, …): the build detail shows it. */
  @Column({ type: 'varchar', length: 512, nullable: true })
  statusReason: string | null;
}
