import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { BUILD_CANCEL, emitEvent } from '@bkci/contracts';
import { OutboxService } from '@bkci/messaging';
import { BuildError, BuildErrorCode, buildNotFound } from './build.errors';
import { BuildRepository } from './build.repository';
import { buildEnded } from './engine/stage-status';

/**
 * Stopping a build (BK-CI buildManualShutdown): a build of this pipeline that has not finished gets
 * a cancel event; the engine's BuildCancelControl does the cancelling.
 */
@Injectable()
export class BuildCancelService {
  constructor(
    private readonly builds: BuildRepository,
    private readonly outbox: OutboxService,
  ) {}

  async cancel(caller: Caller, projectId: string, pipelineId: string, buildId: string): Promise<void> {
    const build = await this.builds.build(projectId, pipelineId, buildId);
    if (!build) throw buildNotFound(pipelineId, buildId);
    if (buildEnded(build)) {
      throw new BuildError(BuildErrorCode.BUILD_FINISHED, `Build ${buildId} has already ended (${build.status}); there is nothing to stop`);
    }
    await this.outbox.transaction(async ({ emit }) => {
      emitEvent(emit, BUILD_CANCEL, { projectId, pipelineId, buildId, userId: caller.userId });
    });
  }
}
