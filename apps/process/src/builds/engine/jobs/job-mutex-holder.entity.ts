import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The job that holds a mutex of a project (BK-CI keeps it in the Redis key
 * `lock:container:mutex:{projectId}:{name}:lock`, valued `{buildId}_{containerId}`): the primary key
 * makes a second holder impossible; the row goes when the job ends, however it ends.
 */
@Entity('pipeline_job_mutex_holders')
@Index('idx_pipeline_job_mutex_holders_job', ['buildId', 'containerId'])
export class JobMutexHolderEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  projectId: string;

  @PrimaryColumn({ type: 'varchar', length: 255 })
  mutexName: string;

  @Column({ type: 'varchar', length: 34 })
  buildId: string;

  @Column({ type: 'varchar', length: 64 })
  containerId: string;

  @Column({ type: 'varchar', length: 34 })
  pipelineId: string;

  /** What a waiting job's reason names (BK-CI's linkTip). */
  @Column({ type: 'integer' })
  buildNum: number;

  @Column({ type: 'varchar', length: 128, nullable: true })
  jobId: string | null;

  @Column({ type: 'datetime' })
  acquiredAt: Date;
}
