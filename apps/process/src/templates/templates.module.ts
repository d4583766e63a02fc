import { Module } from '@nestjs/common';
import { TemplateDraftVersionEntity } from './entities/template-draft-version.entity';
import { TemplateInfoEntity } from './entities/template-info.entity';
import { TemplateOperationLogEntity } from './entities/template-operation-log.entity';
import { TemplatePacFileEntity } from './entities/template-pac-file.entity';
import { TemplateStoreInstallEntity } from './entities/template-store-install.entity';
import { TemplateStoreVersionEntity } from './entities/template-store-version.entity';
import { TemplateMarketController } from './market/template-market.controller';
import { TemplateMarketRepository } from './market/template-market.repository';
import { TemplateMarketService } from './market/template-market.service';
import { TemplateMarketConsumer } from './market/template-market.consumer';
import { TemplateResourceVersionEntity } from './entities/template-resource-version.entity';
import { TemplateSettingVersionEntity } from './entities/template-setting-version.entity';
import { TemplateVersionIdEntity } from './entities/template-version-id.entity';
import { PipelinesModule } from '../pipelines/pipelines.module';
import { ProjectsModule } from '../projects/projects.module';
import { TemplateInstanceBaseEntity } from './instances/entities/template-instance-base.entity';
import { TemplateInstanceItemEntity } from './instances/entities/template-instance-item.entity';
import { InstanceDeployer } from './instances/instance-deployer';
import { InstancePreviewService } from './instances/instance-preview.service';
import { TemplateInstanceRepository } from './instances/template-instance.repository';
import { TemplateInstanceService } from './instances/template-instance.service';
import { TemplateInstanceWorker } from './instances/template-instance.worker';
import { TemplateInstanceConsumer } from './instances/template-instance.consumer';
import { UserTemplateInstanceController } from './instances/user-template-instance.controller';
import { TemplatePacController } from './pac/template-pac.controller';
import { PipelineFromTemplateController } from './pipeline-from-template/pipeline-from-template.controller';
import { PipelineFromTemplateService } from './pipeline-from-template/pipeline-from-template.service';
import { TemplatePacFileRepository } from './pac/template-pac-file.repository';
import { TemplatePacService } from './pac/template-pac.service';
import { TemplateDeleteService } from './template-delete.service';
import { TemplateListRepository } from './template-list.repository';
import { TemplateOperationLogRepository } from './template-operation-log.repository';
import { TemplateVersionRepository } from './template-version.repository';
import { TemplateOverviewService } from './template-overview.service';
import { TemplatePreviewService } from './template-preview.service';
import { TemplateRelatedService } from './template-related.service';
import { UserTemplateOverviewController } from './user-template-overview.controller';
import { UserTemplateRelatedController } from './user-template-related.controller';
import { TemplateAtomService } from './atoms/template-atom.service';
import { UserTemplateAtomController } from './atoms/user-template-atom.controller';
import { InstanceListService } from './instances/instance-list.service';
import { InstanceParamsService } from './instances/instance-params.service';
import { UserInstanceParamsController } from './instances/user-instance-params.controller';
import { TemplateQueryService } from './template-query.service';
import { TemplateRepository } from './template.repository';
import { UserTemplateController } from './user-template.controller';
import { V1InstanceController } from './v1/v1-instance.controller';
import { V1TemplateController } from './v1/v1-template.controller';
import { V1TemplateService } from './v1/v1-template.service';
import { TEMPLATE_VERSION_PROVIDERS } from './version/template-version.manager';
import { TemplateVersionWriter } from './version/template-version.writer';
import { YamlWorkersModule } from '../yaml-workers/yaml-workers.module';

export const TEMPLATE_ENTITIES = [
  TemplateInfoEntity,
  TemplateResourceVersionEntity,
  TemplateSettingVersionEntity,
  TemplateDraftVersionEntity,
  TemplateOperationLogEntity,
  TemplateVersionIdEntity,
  TemplateInstanceBaseEntity,
  TemplateInstanceItemEntity,
  TemplatePacFileEntity,
  TemplateStoreVersionEntity,
  TemplateStoreInstallEntity,
];

/** Pipeline templates V2: versions, drafts, releases, history, instances (reference bkci-process-template.md §3). */
@Module({
  imports: [PipelinesModule, ProjectsModule, YamlWorkersModule],
  controllers: [
    UserTemplateController,
    UserTemplateOverviewController,
    UserTemplateRelatedController,
    UserTemplateAtomController,
    UserTemplateInstanceController,
    UserInstanceParamsController,
    V1TemplateController,
    V1InstanceController,
    TemplatePacController,
    TemplateMarketController,
    PipelineFromTemplateController,
    // Event consumers (@OnEvent methods on the bus)
    TemplateInstanceConsumer,
    TemplateMarketConsumer,
  ],
  providers: [
    TemplateRepository,
    TemplateListRepository,
    TemplateVersionRepository,
    TemplateOperationLogRepository,
    TemplateVersionWriter,
    ...TEMPLATE_VERSION_PROVIDERS,
    TemplateQueryService,
    TemplateOverviewService,
    TemplatePreviewService,
    TemplateRelatedService,
    TemplateAtomService,
    TemplateDeleteService,
    InstanceDeployer,
    TemplateInstanceRepository,
    TemplateInstanceService,
    InstancePreviewService,
    InstanceListService,
    InstanceParamsService,
    TemplateInstanceWorker,
    V1TemplateService,
    TemplatePacFileRepository,
    TemplatePacService,
    TemplateMarketRepository,
    TemplateMarketService,
    PipelineFromTemplateService,
  ],
})
export class TemplatesModule {}
