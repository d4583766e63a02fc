import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BuildStatus } from '@bkci/pipeline-model';

/**
 * BK-CI's T_PIPELINE_BUILD_TASK: one row per step of a build, plus the steps the engine adds to a
 * VM job (`startVM-{seq}`, `stopVM-{seq}`, `end-{seq}`). `taskSeq` orders a job's steps; a non-empty
 * `taskAtom` is a step the engine runs itself, an empty one a step a worker claims.
 */
@Entity('pipeline_build_tasks')
@Index('idx_pipeline_build_tasks_container', ['buildId', 'containerId'])
export class BuildTaskEntity {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  buildId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  taskId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 34 })
  pipelineId: string;

  @Column({ type: 'varchar', length: 64 })
  stageId: string;

  @Column({ type: 'varchar', length: 64 })
  containerId: string;

  @Column({ type: 'varchar', length: 64 })
  containerHashId: string;

  @Column({ type: 'varchar', length: 32 })
  containerType: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  jobId: string | null;

  @Column({ type: 'integer' })
  taskSeq: number;

  @Column({ type: 'varchar', length: 255 })
  taskName: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  stepId: string | null;

  /** The element's `@type` (BK-CI classType). */
  @Column({ type: 'varchar', length: 64 })
  taskType: string;

  @Column({ type: 'varchar', length: 128 })
  taskAtom: string;

  @Column({ type: 'varchar', length: 128 })
  atomCode: string;

  /** The element as configured. */
  @Column({ type: 'json' })
  taskParams: object;

  @Column({ type: 'json', nullable: true })
  additionalOptions: object | null;

  @Column({ type: 'varchar', length: 32 })
  status: BuildStatus;

  @Column({ type: 'integer' })
  executeCount: number;

  @Column({ type: 'varchar', length: 64 })
  starter: string;

  @Column({ type: 'varchar', length: 64, nullable: true })
  approver: string | null;

  @Column({ type: 'varchar', length: 34, nullable: true })
  subBuildId: string | null;

  @Column({ type: 'datetime', nullable: true })
  startTime: Date | null;

  @Column({ type: 'datetime', nullable: true })
  endTime: Date | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  errorType: string | null;

  @Column({ type: 'integer', nullable: true })
  errorCode: number | null;

  @Column({ type: 'text', nullable: true })
  errorMsg: string | null;

  /** Why the engine left it where it is (waiting for an agent, skipped by its condition, …): the build detail shows it. */
  @Column({ type: 'varchar', length: 512, nullable: true })
  statusReason: string | null;

  /** Automatic retries done so far (retryWhenFailed). */
  @Column({ type: 'integer', default: 0 })
  retryCount: number;
}
