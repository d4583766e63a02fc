import { Controller } from '@nestjs/common';
import { BUILD_STATUS_CHANGED, OnEvent, TopicEvent } from '@bkci/contracts';
import { LogStatusService } from './log-status.service';

/**
 * BK-CI's engine opens a build's log when the build starts and finishes it when the build ends
 * (BuildLogPrinter startLog/stopLog); here log hears the build's status events instead. A finished
 * log ends its live tails (`event: end`); a retried run starts the build again and reopens it. The
 * agent stores a step's lines before it completes the step, so none arrive after the build's end.
 */
@Controller()
export class BuildStatusConsumer {
  constructor(private readonly statuses: LogStatusService) {}

  @OnEvent(BUILD_STATUS_CHANGED, { queue: 'log-build-status' })
  async buildStatusChanged(event: TopicEvent<typeof BUILD_STATUS_CHANGED>): Promise<void> {
    const { phase, buildId, projectId, pipelineId, executeCount } = event.payload;
    if (phase === 'REVIEW_WAITING') return;
    await this.statuses.setStatus({ buildId, projectId, pipelineId }, { executeCount }, phase === 'FINISHED', null);
  }
}
