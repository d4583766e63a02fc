import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BuildStatus, StagePauseCheck } from '@bkci/pipeline-model';

/** A stage, job or step as one execution left it: what the build record shows of it. Times are epoch ms. */
export interface RecordedState {
  status: BuildStatus;
  executeCount: number;
  startTime: number | null;
  endTime: number | null;
}
export interface RecordedStage extends RecordedState {
  stageId: string;
  seq: number;
  checkIn: StagePauseCheck | null;
}
export interface RecordedContainer extends RecordedState {
  containerId: string;
  containerHashId: string;
  statusReason: string | null;
}
export interface RecordedTask extends RecordedState {
  taskId: string;
  containerId: string;
  taskSeq: number;
  statusReason: string | null;
}

/**
 * One ended execution of a build, kept when the build is retried (BK-CI keeps every execution in
 * T_PIPELINE_BUILD_RECORD_MODEL/_STAGE/_CONTAINER/_TASK): the runtime rows hold the latest execution
 * only, so the record of an earlier one is read from here. Only the states the record shows are kept.
 */
@Entity('pipeline_build_records')
export class BuildRecordEntity {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  buildId: string;

  @PrimaryColumn({ type: 'integer' })
  executeCount: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 34 })
  pipelineId: string;

  @Column({ type: 'varchar', length: 32 })
  status: BuildStatus;

  @Column({ type: 'datetime' })
  queueTime: Date;

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

  @Column({ type: 'json' })
  stages: RecordedStage[];

  @Column({ type: 'json' })
  containers: RecordedContainer[];

  @Column({ type: 'json' })
  tasks: RecordedTask[];
}
