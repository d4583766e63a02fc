import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { LogStorageMode } from '../log-line';

/**
 * Where a task's (or the whole build's, tag '') log stands (BK-CI T_LOG_STATUS): started, finished,
 * and its storage mode. Absent tag and sub-tag are ''.
 */
@Entity('log_statuses')
export class LogStatusEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  buildId: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  tag: string;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  subTag: string;

  @PrimaryColumn({ type: 'integer' })
  executeCount: number;

  @Column({ type: 'varchar', length: 64 })
  containerHashId: string;

  @Column({ type: 'varchar', length: 128 })
  jobId: string;

  @Column({ type: 'varchar', length: 128 })
  stepId: string;

  @Column({ type: 'varchar', length: 16 })
  mode: LogStorageMode;

  @Column({ type: 'boolean' })
  finished: boolean;

  @Column({ type: 'datetime' })
  createdAt: Date;
}
