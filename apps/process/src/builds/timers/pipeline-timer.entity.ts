import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * BK-CI's T_PIPELINE_TIMER: one row per enabled timer trigger of a pipeline's latest release
 * (`taskId` is the element's id), with the next time it fires. Firing moves `nextFireTime` on
 * with a compare-and-set, so one fire time starts one build whatever the number of schedulers.
 */
@Entity('pipeline_timers')
@Index('idx_pipeline_timers_next_fire', ['nextFireTime'])
export class PipelineTimerEntity {
  @PrimaryColumn({ type: 'varchar', length: 34 })
  pipelineId: string;

  @PrimaryColumn({ type: 'varchar', length: 64 })
  taskId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  /** Who the builds start as: whoever released the version with the timer. */
  @Column({ type: 'varchar', length: 64 })
  startUser: string;

  /** Quartz expressions (BK-CI convertExpressions). */
  @Column({ type: 'json' })
  crontabExpressions: string[];

  /** The element's startParams, as values of the trigger params. */
  @Column({ type: 'json' })
  startParams: Record<string, string>;

  /** null: no expression fires again. */
  @Column({ type: 'datetime', nullable: true })
  nextFireTime: Date | null;
}
