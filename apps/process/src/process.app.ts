import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from '@bkci/config';
import { AppDefinition, PlatformModule } from '@bkci/platform';
import { PROCESS_MIGRATIONS } from '../../../migrations/process';
import { BUILD_ENTITIES, BuildsModule } from './builds/builds.module';
import { PROCESS_CONFIG } from './process.config';
import { PIPELINE_ENTITIES, PipelinesModule } from './pipelines/pipelines.module';
import { ProjectPermissionRepository } from './projects/project-permission.repository';
import { ProjectPermissionService } from './projects/project-permission.service';
import { PROJECT_ENTITIES, ProjectsModule } from './projects/projects.module';
import { TEMPLATE_ENTITIES, TemplatesModule } from './templates/templates.module';

const schema = { entities: [...PROJECT_ENTITIES, ...PIPELINE_ENTITIES, ...TEMPLATE_ENTITIES, ...BUILD_ENTITIES], migrations: PROCESS_MIGRATIONS };

@Module({})
export class ProcessAppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ProcessAppModule,
      imports: [
        PlatformModule.forRoot(config, {
          schema,
          section: PROCESS_CONFIG,
          // process owns the RBAC data, so it answers permission questions itself; the platform
          // module, which holds the checker, builds it with its repository.
          permissionChecker: { useClass: ProjectPermissionService, needs: [ProjectPermissionRepository] },
        }),
        ProjectsModule,
        PipelinesModule,
        TemplatesModule,
        BuildsModule,
      ],
    };
  }
}

export const processApp: AppDefinition = { name: 'process', schema, rootModule: (config) => ProcessAppModule.forRoot(config) };
