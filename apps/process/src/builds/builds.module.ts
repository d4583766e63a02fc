import { Module } from '@nestjs/common';
import { BuildQueryService } from './build-query.service';
import { BuildQueueAdmission } from './build-queue-admission';
import { BuildStartService } from './build-start.service';
import { BuildTokensClient } from './build-tokens.client';
import { BuildRepository } from './build.repository';
import { BuildContainerEntity } from './entities/build-container.entity';
import { BuildHistoryEntity } from './entities/build-history.entity';
import { BuildStageEntity } from './entities/build-stage.entity';
import { BuildSummaryEntity } from './entities/build-summary.entity';
import { BuildTaskEntity } from './entities/build-task.entity';
import { BuildVarEntity } from './entities/build-var.entity';
import { BuildDispatchEntity } from './entities/build-dispatch.entity';
import { BuildDispatchAgentEntity } from './entities/build-dispatch-agent.entity';
import { BuildRecordEntity } from './entities/build-record.entity';
import { UserBuildController } from './user-build.controller';
import { BuildCancelService } from './build-cancel.service';
import { BuildCancelControl } from './engine/build-cancel.control';
import { BuildContainerControl } from './engine/build-container.control';
import { BuildEngineConsumer } from './engine/build-engine.consumer';
import { BuildFinishControl } from './engine/build-finish.control';
import { BuildStageControl } from './engine/build-stage.control';
import { BuildStartControl } from './engine/build-start.control';
import { AgentPicker } from './dispatch/agent-picker';
import { DispatchRepository } from './dispatch/dispatch.repository';
import { JobDispatcher } from './dispatch/job-dispatcher';
import { BuildMonitor } from './engine/build-monitor';
import { ENGINE_ATOM_RUNNERS, EngineAtomRunner, JOB_START_CHECKS, JobStartCheck } from './engine/engine-extensions';
import { AgentJobController } from './worker/agent-job.controller';
import { AgentJobService } from './worker/agent-job.service';
import { BuildWorkerController } from './worker/build-worker.controller';
import { BuildWorkerService } from './worker/build-worker.service';
import { StageReviewControl } from './engine/stage-review.control';
import { BuildQueueMonitor } from './engine/build-queue-monitor';
import { PipelineTimerEntity } from './timers/pipeline-timer.entity';
import { PipelineTimerScheduler } from './timers/pipeline-timer.scheduler';
import { ManualReviewAtom } from './engine/manual-review.atom';
import { SubPipelineCallAtom } from './engine/sub-pipeline-call.atom';
import { SubPipelineCallConsumer } from './engine/sub-pipeline-call.consumer';
import { BuildRetryRepository } from './retry/build-retry.repository';
import { BuildRetryService } from './retry/build-retry.service';
import { MatrixConsumer } from './matrix/matrix.consumer';
import { MatrixGroupControl } from './matrix/matrix-group.control';
import { MatrixRepository } from './matrix/matrix.repository';
import { MatrixStartCheck } from './matrix/matrix-start.check';
import { DependOnCheck } from './engine/jobs/depend-on.check';
import { JobEndsConsumer } from './engine/jobs/job-ends.consumer';
import { JobMutexHolderEntity } from './engine/jobs/job-mutex-holder.entity';
import { JobMutexWaiterEntity } from './engine/jobs/job-mutex-waiter.entity';
import { JobMutexControl } from './engine/jobs/job-mutex.control';
import { JobMutexRepository } from './engine/jobs/job-mutex.repository';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { ProjectsModule } from '../projects/projects.module';

export const BUILD_ENTITIES = [BuildHistoryEntity, BuildStageEntity, BuildContainerEntity, BuildTaskEntity, BuildVarEntity, BuildSummaryEntity, BuildDispatchEntity, BuildDispatchAgentEntity, PipelineTimerEntity, BuildRecordEntity, JobMutexHolderEntity, JobMutexWaiterEntity];

/** The build engine: starting builds, their runtime rows, the event chain that runs them, dispatch to agents and the worker protocol. */
@Module({
  imports: [ProjectsModule, PipelinesModule],
  controllers: [UserBuildController, BuildEngineConsumer, BuildWorkerController, AgentJobController, SubPipelineCallConsumer, MatrixConsumer, JobEndsConsumer],
  providers: [
    BuildStartService,
    BuildQueryService,
    BuildRepository,
    BuildStartControl,
    BuildStageControl,
    BuildFinishControl,
    BuildCancelService,
    BuildCancelControl,
    BuildContainerControl,
    BuildMonitor,
    StageReviewControl,
    BuildTokensClient,
    DispatchRepository,
    AgentPicker,
    JobDispatcher,
    BuildWorkerService,
    AgentJobService,
    BuildQueueAdmission,
    BuildQueueMonitor,
    PipelineTimerScheduler,
    ManualReviewAtom,
    SubPipelineCallAtom,
    BuildRetryService,
    BuildRetryRepository,
    MatrixRepository,
    MatrixGroupControl,
    MatrixStartCheck,
    DependOnCheck,
    JobMutexRepository,
    JobMutexControl,
    // In BK-CI's order: depend-on, mutex, then the matrix last.
    { provide: JOB_START_CHECKS, useFactory: (...checks: JobStartCheck[]) => checks, inject: [DependOnCheck, JobMutexControl, MatrixStartCheck] },
    { provide: ENGINE_ATOM_RUNNERS, useFactory: (...runners: EngineAtomRunner[]) => runners, inject: [ManualReviewAtom, SubPipelineCallAtom] },
  ],
})
export class BuildsModule {}
