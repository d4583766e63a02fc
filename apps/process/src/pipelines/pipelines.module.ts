import { Module } from '@nestjs/common';
import { PipelineInfoEntity } from './entities/pipeline-info.entity';
import { PipelineResourceVersionEntity } from './entities/pipeline-resource-version.entity';
import { TemplatePipelineEntity } from './entities/template-pipeline.entity';
import { PipelineListRepository } from './pipeline-list.repository';
import { PipelineListService } from './pipeline-list.service';
import { PipelineService } from './pipeline.service';
import { UserPipelineVersionController } from './user-pipeline-version.controller';
import { UserPipelineController } from './user-pipeline.controller';
import { YamlWorkersModule } from '../yaml-workers/yaml-workers.module';

export const PIPELINE_ENTITIES = [PipelineInfoEntity, PipelineResourceVersionEntity, TemplatePipelineEntity];

/** Exports PipelineService: template instantiation writes pipelines through it. */
@Module({
  imports: [YamlWorkersModule],
  controllers: [UserPipelineController, UserPipelineVersionController],
  providers: [PipelineService, PipelineListService, PipelineListRepository],
  exports: [PipelineService],
})
export class PipelinesModule {}
