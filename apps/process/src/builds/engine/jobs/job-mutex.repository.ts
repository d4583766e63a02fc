import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@bkci/persistence';
import { DataSource, EntityManager, LessThanOrEqual } from 'typeorm';
import { JobMutexHolderEntity } from './job-mutex-holder.entity';
import { JobMutexWaiterEntity } from './job-mutex-waiter.entity';

/** A job of a build, as the mutex rows name it. */
export interface MutexJob {
  buildId: string;
  containerId: string;
}

/** A mutex of a project. */
export interface MutexKey {
  projectId: string;
  mutexName: string;
}

/** The job mutex rows: holders (one per mutex, by primary key) and waiters in queue order. */
@Injectable()
export class JobMutexRepository {
  constructor(private readonly dataSource: DataSource) {}

  holder(key: MutexKey, manager: EntityManager = this.dataSource.manager): Promise<JobMutexHolderEntity | null> {
    return manager.findOneBy(JobMutexHolderEntity, { projectId: key.projectId, mutexName: key.mutexName });
  }

  /** Takes the mutex for the job; false when another job holds it. */
  async take(row: JobMutexHolderEntity, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    try {
      await manager.insert(JobMutexHolderEntity, row);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /** Lets the mutex go, only if this job holds it. */
  async letGo(key: MutexKey, job: MutexJob, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.delete(JobMutexHolderEntity, { ...key, buildId: job.buildId, containerId: job.containerId });
    return (result.affected ?? 0) > 0;
  }

  /** The mutex's waiters, first come first. */
  waiters(key: MutexKey, manager: EntityManager = this.dataSource.manager): Promise<JobMutexWaiterEntity[]> {
    return manager.find(JobMutexWaiterEntity, { where: { projectId: key.projectId, mutexName: key.mutexName }, order: { id: 'ASC' } });
  }

  waiter(job: MutexJob, manager: EntityManager = this.dataSource.manager): Promise<JobMutexWaiterEntity | null> {
    return manager.findOneBy(JobMutexWaiterEntity, { buildId: job.buildId, containerId: job.containerId });
  }

  async enqueue(row: Omit<JobMutexWaiterEntity, 'id'>, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(JobMutexWaiterEntity, row);
  }

  async dequeue(job: MutexJob, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.delete(JobMutexWaiterEntity, { buildId: job.buildId, containerId: job.containerId });
    return (result.affected ?? 0) > 0;
  }

  /** The mutexes a job (or, without `containerId`, every job of a build) holds or waits for. */
  async mutexesOf(buildId: string, containerId?: string, manager: EntityManager = this.dataSource.manager): Promise<MutexKey[]> {
    const where = containerId === undefined ? { buildId } : { buildId, containerId };
    const rows = [...(await manager.findBy(JobMutexHolderEntity, where)), ...(await manager.findBy(JobMutexWaiterEntity, where))];
    return distinct(rows);
  }

  /** Waiters whose time is up. */
  timedOut(now: Date, manager: EntityManager = this.dataSource.manager): Promise<JobMutexWaiterEntity[]> {
    return manager.find(JobMutexWaiterEntity, { where: { timeoutAt: LessThanOrEqual(now) }, order: { id: 'ASC' } });
  }

  /** Every mutex somebody waits for. */
  async awaited(manager: EntityManager = this.dataSource.manager): Promise<MutexKey[]> {
    return distinct(await manager.find(JobMutexWaiterEntity, { order: { id: 'ASC' } }));
  }
}

function distinct(rows: MutexKey[]): MutexKey[] {
  const keys = new Map(rows.map((row) => [JSON.stringify([row.projectId, row.mutexName]), { projectId: row.projectId, mutexName: row.mutexName }]));
  return [...keys.values()];
}
