import { Controller } from '@nestjs/common';
import { INSTANCE_BATCH_REQUESTED, INSTANCE_ITEMS_REQUESTED, OnEvent, TopicEvent } from '@bkci/contracts';
import { TemplateInstanceWorker } from './template-instance.worker';

/** One queue for both steps of a batch, as BK-CI's PipelineTemplateInstanceListener: the worker does the work. */
@Controller()
export class TemplateInstanceConsumer {
  constructor(private readonly worker: TemplateInstanceWorker) {}

  @OnEvent(INSTANCE_BATCH_REQUESTED, { queue: 'template-instances' })
  async batchRequested(event: TopicEvent<typeof INSTANCE_BATCH_REQUESTED>): Promise<void> {
    await this.worker.startBatch(event.payload);
  }

  @OnEvent(INSTANCE_ITEMS_REQUESTED, { queue: 'template-instances' })
  async itemsRequested(event: TopicEvent<typeof INSTANCE_ITEMS_REQUESTED>): Promise<void> {
    await this.worker.runItems(event.payload);
  }
}
