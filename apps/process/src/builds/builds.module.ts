import { Module } from '@nestjs/common';
import { BuildQueryService } from './build-query.service';
import { BuildQueueAdmission } from './build-queue-admission';
import { BuildStartService } from './build-start.service';
import { BuildRepository } from './build.repository';
import { BuildContainerEntity } from './entities/build-container.entity';
import { BuildHistoryEntity } from './entities/build-history.entity';
import { BuildStageEntity } from './entities/build-stage.entity';
import { BuildSummaryEntity } from './entities/build-summary.entity';
import { BuildTaskEntity } from './entities/build-task.entity';
import { BuildVarEntity } from './entities/build-var.entity';
import { UserBuildController } from './user-build.controller';
import { BuildCancelService } from './build-cancel.service';
import { BuildCancelControl } from './engine/build-cancel.control';
import { BuildContainerControl } from './engine/build-container.control';
import { BuildEngineConsumer } from './engine/build-engine.consumer';
import { BuildFinishControl } from './engine/build-finish.control';
import { BuildStageControl } from './engine/build-stage.control';
import { BuildStartControl } from './engine/build-start.control';
import { BuildQueueMonitor } from './engine/build-queue-monitor';
import { EngineTicker } from './engine/engine-ticker';
import { PipelineTimerEntity } from './timers/pipeline-timer.entity';
import { PipelineTimerScheduler } from './timers/pipeline-timer.scheduler';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { ProjectsModule } from '../projects/projects.module';

export const BUILD_ENTITIES = [BuildHistoryEntity, BuildStageEntity, BuildContainerEntity, BuildTaskEntity, BuildVarEntity, BuildSummaryEntity, PipelineTimerEntity];

/** The build engine: starting builds, their runtime rows, and (next) the event chain that runs them. */
@Module({
  imports: [ProjectsModule, PipelinesModule],
  controllers: [UserBuildController, BuildEngineConsumer],
  providers: [BuildStartService, BuildQueueAdmission, BuildQueryService, BuildRepository, BuildStartControl, BuildStageControl, BuildFinishControl, BuildCancelService, BuildCancelControl, BuildContainerControl, BuildQueueMonitor, PipelineTimerScheduler, EngineTicker],
})
export class BuildsModule {}
