import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { BuildStatus, StagePauseCheck } from '@bkci/pipeline-model';

/** What BK-CI keeps in T_PIPELINE_BUILD_STAGE.CONDITIONS (PipelineBuildStageControlOption). */
export interface StageConditions {
  stageControlOption: object | null;
  finally: boolean;
  fastKill: boolean;
}

/** BK-CI's T_PIPELINE_BUILD_STAGE: one row per stage of a build, `seq` 0 being the trigger stage. */
@Entity('pipeline_build_stages')
@Index('idx_pipeline_build_stages_status', ['status'])
export class BuildStageEntity {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  buildId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  stageId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 34 })
  pipelineId: string;

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
  conditions: StageConditions;

  /** The check-in as this build runs it: its review's status and each group's decision. */
  @Column({ type: 'json', nullable: true })
  checkIn: StagePauseCheck | null;

  @Column({ type: 'json', nullable: true })
  checkOut: StagePauseCheck | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  stageIdForUser: string | null;
}
