import { Module } from '@nestjs/common';
import { PipelineInfoEntity } from './entities/pipeline-info.entity';
import { PipelineResourceVersionEntity } from './entities/pipeline-resource-version.entity';
import { TemplatePipelineEntity } from './entities/template-pipeline.entity';
import { PipelineListRepository } from './pipeline-list.repository';
import { PipelineListService } from './pipeline-list.service';
import { PipelineRepository } from './pipeline.repository';
import { PipelineDraftService } from './pipeline-draft.service';
import { PipelineService } from './pipeline.service';
import { TemplatePipelineRepository } from './template-pipeline.repository';
import { UserPipelineDraftController } from './user-pipeline-draft.controller';
import { UserPipelineTransferController } from './user-pipeline-transfer.controller';
import { UserPipelineVersionController } from './user-pipeline-version.controller';
import { UserPipelineController } from './user-pipeline.controller';
import { PipelineTimerRegistry } from '../builds/timers/pipeline-timer.registry';
import { PipelineTimerRepository } from '../builds/timers/pipeline-timer.repository';
import { ProjectsModule } from '../projects/projects.module';
import { YamlWorkersModule } from '../yaml-workers/yaml-workers.module';

export const PIPELINE_ENTITIES = [PipelineInfoEntity, PipelineResourceVersionEntity, TemplatePipelineEntity];

/**
 * Exports PipelineService: template instantiation writes pipelines through it; and
 * TemplatePipelineRepository: the templates feature counts a template's instances through it; and
 * PipelineTimerRepository: the builds feature fires the timers that pipeline releases register here.
 */
@Module({
  imports: [ProjectsModule, YamlWorkersModule],
  controllers: [UserPipelineController, UserPipelineVersionController, UserPipelineDraftController, UserPipelineTransferController],
  providers: [PipelineService, PipelineDraftService, PipelineListService, PipelineListRepository, PipelineRepository, TemplatePipelineRepository, PipelineTimerRepository, PipelineTimerRegistry],
  exports: [PipelineService, PipelineDraftService, TemplatePipelineRepository, PipelineTimerRepository],
})
export class PipelinesModule {}
