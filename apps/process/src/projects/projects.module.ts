import { Module } from '@nestjs/common';
import { AuthResourceEntity } from './entities/auth-resource.entity';
import { ProjectGroupMemberEntity } from './entities/project-group-member.entity';
import { ProjectGroupEntity } from './entities/project-group.entity';
import { ProjectEntity } from './entities/project.entity';
import { ResourceGroupMemberEntity } from './entities/resource-group-member.entity';
import { ProjectGroupRepository } from './project-group.repository';
import { ProjectGroupService } from './project-group.service';
import { ProjectRepository } from './project.repository';
import { ProjectService } from './project.service';
import { ResourceGroupRepository } from './resource-group.repository';
import { ResourceGroupService } from './resource-group.service';
import { ServicePermissionController } from './service-permission.controller';
import { UserProjectController } from './user-project.controller';
import { UserResourceGroupController } from './user-resource-group.controller';

export const PROJECT_ENTITIES = [ProjectEntity, ProjectGroupEntity, ProjectGroupMemberEntity, AuthResourceEntity, ResourceGroupMemberEntity];

/**
 * Exports ProjectRepository: pipelines check the project exists in the transaction that writes them;
 * ProjectGroupService: a stage's check-in review may name project groups as its reviewers.
 */
@Module({
  controllers: [UserProjectController, UserResourceGroupController, ServicePermissionController],
  providers: [ProjectService, ProjectGroupService, ResourceGroupService, ProjectRepository, ProjectGroupRepository, ResourceGroupRepository],
  exports: [ResourceGroupService, ProjectRepository, ProjectGroupService],
})
export class ProjectsModule {}
