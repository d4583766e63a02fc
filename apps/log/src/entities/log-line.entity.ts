import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '@bkci/persistence';
import type { LogType } from '../log-line';

/**
 * One stored line of a build's log (BK-CI LogLine). Line numbers count per build, from 1, with no
 * gap. Absent tags are stored as '' (as BK-CI does), so filters compare plain values.
 */
@Entity('log_lines')
@Index('idx_log_lines_tag', ['buildId', 'tag', 'lineNo'])
// MariaDB's FULLTEXT index for search, made by migration 1764300000003 (SQLite has an FTS5 table
// there instead): declared so the schema check keeps it, never synchronized.
@Index('idx_log_lines_message', { synchronize: false })
export class LogLineEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  buildId: string;

  @PrimaryColumn({ type: 'integer' })
  lineNo: number;

  /** Which run of the build (BK-CI executeCount: a retry runs the build again). */
  @Column({ type: 'integer' })
  executeCount: number;

  /** When the line was printed, in epoch milliseconds. */
  @Column({ type: 'bigint', transformer: bigintAsNumber })
  timestamp: number;

  @Column({ type: 'text' })
  message: string;

  @Column({ type: 'varchar', length: 8 })
  logType: LogType;

  /** The element (task) that printed the line. */
  @Column({ type: 'varchar', length: 128 })
  tag: string;

  @Column({ type: 'varchar', length: 128 })
  subTag: string;

  /** The job's container hash id (BK-CI's `jobId` filter). */
  @Column({ type: 'varchar', length: 64 })
  containerHashId: string;

  /** The user's job id from the YAML. */
  @Column({ type: 'varchar', length: 128 })
  jobId: string;

  /** The user's step id from the YAML. */
  @Column({ type: 'varchar', length: 128 })
  stepId: string;
}
