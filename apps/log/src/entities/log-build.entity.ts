import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A build that has a log (BK-CI T_LOG_INDICES_V2): its project and pipeline, the last line number
 * given out, and whether the log is finished or was cleaned by retention.
 */
@Entity('log_builds')
@Index('idx_log_builds_pipeline', ['projectId', 'pipelineId', 'createdAt'])
@Index('idx_log_builds_created', ['createdAt'])
export class LogBuildEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  buildId: string;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 64 })
  pipelineId: string;

  /** The highest line number stored; the next batch starts after it. */
  @Column({ type: 'integer' })
  lastLineNo: number;

  @Column({ type: 'boolean' })
  finished: boolean;

  /** Retention removed the lines; reads answer BK-CI's CLEAN status. */
  @Column({ type: 'boolean' })
  cleaned: boolean;

  /**
   * The Elasticsearch index holding the build's lines, pinned when its first line is stored there
   * (BK-CI's T_LOG_INDICES_V2.INDEX_NAME); null while the lines are in SQL (or there are none).
   */
  @Column({ type: 'varchar', length: 128, nullable: true })
  indexName?: string | null;

  @Column({ type: 'datetime' })
  createdAt: Date;

  @Column({ type: 'datetime' })
  updatedAt: Date;
}
