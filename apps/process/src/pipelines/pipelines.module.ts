import { Module } from '@nestjs/common';
import { PipelineInfoEntity } from './entities/pipeline-info.entity';
import { PipelineResourceVersionEntity } from './entities/pipeline-resource-version.entity';
import { TemplatePipelineEntity } from './entities/template-pipeline.entity';
import { PipelineListRepository } from './pipeline-list.repository';
import { PipelineListService } from './pipeline-list.service';
import { PipelineRepository } from './pipeline.repository';
import { PipelineService } from './pipeline.service';
import { TemplatePipelineRepository } from './template-pipeline.repository';
import { UserPipelineVersionController } from './user-pipeline-version.controller';
import { UserPipelineController } from './user-pipeline.controller';
import { ProjectsModule } from '../projects/projects.module';
import { YamlWorkersModule } from '../yaml-workers/yaml-workers.module';

export const PIPELINE_ENTITIES = [PipelineInfoEntity, PipelineResourceVersionEntity, TemplatePipelineEntity];

/**
 * Exports PipelineService: template instantiation writes pipelines through it; and
 * TemplatePipelineRepository: the templates feature counts a template's instances through it.
 */
@Module({
  imports: [ProjectsModule, YamlWorkersModule],
  controllers: [UserPipelineController, UserPipelineVersionController],
  providers: [PipelineService, PipelineListService, PipelineListRepository, PipelineRepository, TemplatePipelineRepository],
  exports: [PipelineService, TemplatePipelineRepository],
})
export class PipelinesModule {}
