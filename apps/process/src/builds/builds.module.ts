import { Module } from '@nestjs/common';
import { BuildQueryService } from './build-query.service';
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
import { StageReviewControl } from './engine/stage-review.control';
import { StageReviewMonitor } from './engine/stage-review-monitor';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { ProjectsModule } from '../projects/projects.module';

export const BUILD_ENTITIES = [BuildHistoryEntity, BuildStageEntity, BuildContainerEntity, BuildTaskEntity, BuildVarEntity, BuildSummaryEntity];

/** The build engine: starting builds, their runtime rows, and (next) the event chain that runs them. */
@Module({
  imports: [ProjectsModule, PipelinesModule],
  controllers: [UserBuildController, BuildEngineConsumer],
  providers: [BuildStartService, BuildQueryService, BuildRepository, BuildStartControl, BuildStageControl, BuildFinishControl, BuildCancelService, BuildCancelControl, BuildContainerControl, StageReviewControl, StageReviewMonitor],
})
export class BuildsModule {}
