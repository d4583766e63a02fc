import { Injectable } from '@nestjs/common';
import { BUILD_STAGE, emitEvent } from '@bkci/contracts';
import { OutboxService } from '@bkci/messaging';
import { MatrixControlOption } from '@bkci/pipeline-model';
import { PipelineService } from '../../pipelines/pipeline.service';
import { BuildRepository } from '../build.repository';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { BuildHistoryEntity } from '../entities/build-history.entity';
import { JobStartCheck } from '../engine/engine-extensions';
import { emitJobStatus } from '../engine/status-events';
import { MATRIX_CASE_MAX_COUNT, MatrixConfigError, matrixCases, matrixConfigOf, matrixMaxConcurrency } from './matrix-config';
import { matrixChildren, modelContainerAt } from './matrix-children';
import { MatrixGroupControl } from './matrix-group.control';
import { MatrixRepository } from './matrix.repository';

/**
 * BK-CI InitializeMatrixGroupStageCmd as a job start check: a matrix job (matrixGroupFlag) never
 * starts itself. On its first START its cases are computed from the build's variables and written
 * as child jobs with their steps (matrix-children.ts), the matrix job becomes RUNNING, and the
 * group control starts the first children; a START seen again (a retried event) only refreshes the
 * group. A matrix that cannot be computed, or makes no job or more than 256, ends FAILED with the
 * reason. Every other job goes on.
 */
@Injectable()
export class MatrixStartCheck implements JobStartCheck {
  constructor(
    private readonly builds: BuildRepository,
    private readonly matrices: MatrixRepository,
    private readonly pipelines: PipelineService,
    private readonly group: MatrixGroupControl,
    private readonly outbox: OutboxService,
  ) {}

  async check(build: BuildHistoryEntity, job: BuildContainerEntity): Promise<'go' | 'hold'> {
    if (!job.matrixGroupFlag) return 'go';
    if ((await this.matrices.children(build.buildId, job.containerId)).length === 0 && !(await this.expand(build, job))) return 'hold';
    // The container control holds the matrix job's lock while it runs its checks.
    await this.group.refreshUnlocked(build.buildId, job.containerId);
    return 'hold';
  }

  /** Writes the children; false when the matrix job ended instead (its matrix cannot be expanded) or changed meanwhile. */
  private async expand(build: BuildHistoryEntity, job: BuildContainerEntity): Promise<boolean> {
    const option = (job.conditions as { matrixControlOption?: MatrixControlOption | null }).matrixControlOption;
    let cases: Record<string, string>[];
    try {
      if (!option) throw new MatrixConfigError('the job has no matrixControlOption');
      matrixMaxConcurrency(option);
      cases = matrixCases(matrixConfigOf(option, await this.builds.variables(build.buildId)));
      if (cases.length === 0) throw new MatrixConfigError('the matrix makes no job');
      if (cases.length > MATRIX_CASE_MAX_COUNT) throw new MatrixConfigError(`Matrix case(${cases.length}) exceeds the limit(${MATRIX_CASE_MAX_COUNT})`);
    } catch (error) {
      if (!(error instanceof MatrixConfigError)) throw error;
      await this.fail(build, job, `matrix: ${error.message}`);
      return false;
    }
    const { model } = await this.pipelines.getVersion(build.projectId, build.pipelineId, build.version);
    const container = modelContainerAt(model, job.containerId);
    if (!container) throw new Error(`Build ${build.buildId}: job ${job.containerId} is not in version ${build.version} of its pipeline`);
    const rows = matrixChildren({ parent: job, container, cases, userId: build.startUser });
    const now = new Date();
    return this.outbox.transaction(async ({ manager, emit }) => {
      if (!(await this.builds.swapContainerStatus(build.buildId, job.containerId, job.status, 'RUNNING', { statusReason: `matrix: 0 of ${cases.length} done` }, manager))) return false;
      await this.matrices.insertChildren(rows.containers, rows.tasks, manager);
      emitJobStatus(emit, build, job, 'STARTED', 'RUNNING', now);
      return true;
    });
  }

  private async fail(build: BuildHistoryEntity, job: BuildContainerEntity, reason: string): Promise<void> {
    const now = new Date();
    await this.outbox.transaction(async ({ manager, emit }) => {
      if (!(await this.builds.swapContainerStatus(build.buildId, job.containerId, job.status, 'FAILED', { startTime: now, endTime: now, statusReason: reason }, manager))) return;
      emitJobStatus(emit, build, job, 'FINISHED', 'FAILED', now);
      emitEvent(emit, BUILD_STAGE, { projectId: build.projectId, pipelineId: build.pipelineId, buildId: build.buildId, stageId: job.stageId, actionType: 'REFRESH', executeCount: build.executeCount });
    });
  }
}
