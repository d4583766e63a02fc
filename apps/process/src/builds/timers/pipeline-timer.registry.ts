import { Injectable } from '@nestjs/common';
import { Model } from '@bkci/pipeline-model';
import { EntityManager } from 'typeorm';
import { PipelineTimerRepository } from './pipeline-timer.repository';
import { timersOf } from './pipeline-timers';

/**
 * BK-CI TimerTriggerElementBizPlugin: a release registers its enabled timer triggers (and drops the
 * pipeline's others); a deleted pipeline has none. Called by the pipeline writes, in their
 * transaction, so a timer and the release it comes from are saved together.
 */
@Injectable()
export class PipelineTimerRegistry {
  constructor(private readonly timers: PipelineTimerRepository) {}

  async released(projectId: string, pipelineId: string, model: Model, userId: string, manager: EntityManager): Promise<void> {
    await this.timers.replaceForPipeline(pipelineId, timersOf(projectId, pipelineId, model, userId, new Date()), manager);
  }

  async deleted(pipelineId: string, manager: EntityManager): Promise<void> {
    await this.timers.deleteForPipeline(pipelineId, manager);
  }
}
