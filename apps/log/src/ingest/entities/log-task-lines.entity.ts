import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * How many lines one task (tag) of one run (executeCount) of a build stored, counted in the
 * transaction that stores them, so the lines-per-task limit holds under concurrent writers.
 */
@Entity('log_task_lines')
export class LogTaskLinesEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  buildId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  tag: string;

  @PrimaryColumn({ type: 'integer' })
  executeCount: number;

  /** Lines stored for the task, the limit's WARN line included. */
  @Column({ type: 'integer' })
  lineCount: number;

  /**
   * The batch that reached the limit (and stored the WARN line), so that the same batch sent again
   * is answered as it was the first time; null while under the limit.
   */
  @Column({ type: 'varchar', length: 64, nullable: true })
  limitBatchKey: string | null;
}
