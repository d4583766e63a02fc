import { Controller } from '@nestjs/common';
import { BUILD_STATUS_CHANGED, OnEvent, TopicEvent } from '@bkci/contracts';
import { SubPipelineCallAtom } from './sub-pipeline-call.atom';

/** BK-CI SubPipelineBuildFinishListener: every build's end, for the sub-pipeline steps waiting on it or started by it. */
@Controller()
export class SubPipelineCallConsumer {
  constructor(private readonly calls: SubPipelineCallAtom) {}

  @OnEvent(BUILD_STATUS_CHANGED, { queue: 'sub-pipeline-calls' })
  async buildStatusChanged(event: TopicEvent<typeof BUILD_STATUS_CHANGED>): Promise<void> {
    if (event.payload.phase === 'FINISHED') await this.calls.buildFinished(event.payload.buildId);
  }
}
