import { Controller } from '@nestjs/common';
import { LOG_FINISHED, LOG_LINES_STORED, OnEvent, TopicEvent } from '@bkci/contracts';
import { LogTailHub } from './log-tail.hub';

/** Broadcast: every replica of the app hears every event, whichever of them serves a build's tails. */
@Controller()
export class LogTailConsumer {
  constructor(private readonly hub: LogTailHub) {}

  @OnEvent([LOG_LINES_STORED, LOG_FINISHED], { queue: 'log-tails', broadcast: true })
  async logChanged(event: TopicEvent<typeof LOG_LINES_STORED | typeof LOG_FINISHED>): Promise<void> {
    this.hub.nudge(event.payload.buildId);
  }
}
