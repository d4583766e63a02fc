import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A job waiting for a mutex (BK-CI's Redis hash `lock:container:mutex:{projectId}:{name}:queue`):
 * `id` is its place in the queue, first come first served; a job waits in one queue at most.
 */
@Entity('pipeline_job_mutex_waiters')
@Index('uk_pipeline_job_mutex_waiters_job', ['buildId', 'containerId'], { unique: true })
@Index('idx_pipeline_job_mutex_waiters_mutex', ['projectId', 'mutexName'])
export class JobMutexWaiterEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id: number;

  @Column({ type: 'varchar', length: 64 })
  projectId: string;

  @Column({ type: 'varchar', length: 255 })
  mutexName: string;

  @Column({ type: 'varchar', length: 34 })
  buildId: string;

  @Column({ type: 'varchar', length: 64 })
  containerId: string;

  @Column({ type: 'varchar', length: 34 })
  pipelineId: string;

  @Column({ type: 'datetime' })
  queuedAt: Date;

  /** The group's timeout in minutes, for the reason of a job that waited too long. */
  @Column({ type: 'integer' })
  timeoutMinutes: number;

  /** When the job stops waiting and fails (the build monitor's sweep ends it). */
  @Column({ type: 'datetime' })
  timeoutAt: Date;
}
