import { Controller } from '@nestjs/common';
import { BUILD_CANCEL, BUILD_CONTAINER, BUILD_FINISH, BUILD_STAGE, BUILD_START, OnEvent, TopicEvent } from '@bkci/contracts';
import { BuildContainerControl } from './build-container.control';
import { BuildCancelControl } from './build-cancel.control';
import { BuildFinishControl } from './build-finish.control';
import { BuildStageControl } from './build-stage.control';
import { BuildStartControl } from './build-start.control';

/** The engine's events, one queue each as BK-CI's listeners; the controls do the work. */
@Controller()
export class BuildEngineConsumer {
  constructor(
    private readonly starts: BuildStartControl,
    private readonly stages: BuildStageControl,
    private readonly finishes: BuildFinishControl,
    private readonly cancels: BuildCancelControl,
    private readonly containers: BuildContainerControl,
  ) {}

  @OnEvent(BUILD_START, { queue: 'build-start' })
  async start(event: TopicEvent<typeof BUILD_START>): Promise<void> {
    await this.starts.handle(event.payload);
  }

  @OnEvent(BUILD_STAGE, { queue: 'build-stage' })
  async stage(event: TopicEvent<typeof BUILD_STAGE>): Promise<void> {
    await this.stages.handle(event.payload);
  }

  @OnEvent(BUILD_CONTAINER, { queue: 'build-container' })
  async container(event: TopicEvent<typeof BUILD_CONTAINER>): Promise<void> {
    await this.containers.handle(event.payload);
  }

  @OnEvent(BUILD_FINISH, { queue: 'build-finish' })
  async finish(event: TopicEvent<typeof BUILD_FINISH>): Promise<void> {
    await this.finishes.handle(event.payload);
  }

  @OnEvent(BUILD_CANCEL, { queue: 'build-cancel' })
  async cancel(event: TopicEvent<typeof BUILD_CANCEL>): Promise<void> {
    await this.cancels.handle(event.payload);
  }
}
