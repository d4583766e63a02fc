import { Controller } from '@nestjs/common';
import { JOB_STATUS_CHANGED, OnEvent, TopicEvent } from '@bkci/contracts';
import { MatrixGroupControl } from './matrix-group.control';

/** A finished job may free a place in its matrix (BK-CI: a child's end sends its matrix job a REFRESH). */
@Controller()
export class MatrixConsumer {
  constructor(private readonly group: MatrixGroupControl) {}

  @OnEvent(JOB_STATUS_CHANGED, { queue: 'build-matrix' })
  async jobStatusChanged(event: TopicEvent<typeof JOB_STATUS_CHANGED>): Promise<void> {
    await this.group.jobFinished(event.payload);
  }
}
