import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In, LessThanOrEqual, Not } from 'typeorm';
import { PipelineTimerEntity } from './pipeline-timer.entity';

/** The pipeline_timers table. */
@Injectable()
export class PipelineTimerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Makes the pipeline's timers exactly `timers`: others are removed, these inserted or replaced. */
  async replaceForPipeline(pipelineId: string, timers: PipelineTimerEntity[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    const kept = timers.map((timer) => timer.taskId);
    await manager.delete(PipelineTimerEntity, kept.length > 0 ? { pipelineId, taskId: Not(In(kept)) } : { pipelineId });
    for (const timer of timers) await manager.upsert(PipelineTimerEntity, timer, ['pipelineId', 'taskId']);
  }

  async deleteForPipeline(pipelineId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(PipelineTimerEntity, { pipelineId });
  }

  forPipeline(pipelineId: string, manager: EntityManager = this.dataSource.manager): Promise<PipelineTimerEntity[]> {
    return manager.find(PipelineTimerEntity, { where: { pipelineId }, order: { taskId: 'ASC' } });
  }

  /** Timers due at `now`, the most overdue first. */
  due(now: Date, limit: number, manager: EntityManager = this.dataSource.manager): Promise<PipelineTimerEntity[]> {
    return manager.find(PipelineTimerEntity, { where: { nextFireTime: LessThanOrEqual(now) }, order: { nextFireTime: 'ASC' }, take: limit });
  }

  /** Compare-and-set of a timer's next fire time: true for the one scheduler that moved it on. */
  async swapNextFireTime(pipelineId: string, taskId: string, expected: Date, next: Date | null, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(PipelineTimerEntity, { pipelineId, taskId, nextFireTime: expected }, { nextFireTime: next });
    return result.affected === 1;
  }
}
