import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuthResourceEntity } from './entities/auth-resource.entity';
import { ProjectGroupMemberEntity } from './entities/project-group-member.entity';
import { ProjectGroupEntity } from './entities/project-group.entity';
import { ProjectEntity } from './entities/project.entity';
import { ResourceGroupMemberEntity } from './entities/resource-group-member.entity';
import { ProjectGroupService } from './project-group.service';
import { ProjectService } from './project.service';
import { ResourceGroupService } from './resource-group.service';
import { ServicePermissionController } from './service-permission.controller';
import { UserProjectController } from './user-project.controller';
import { UserResourceGroupController } from './user-resource-group.controller';

export const PROJECT_ENTITIES = [ProjectEntity, ProjectGroupEntity, ProjectGroupMemberEntity, AuthResourceEntity, ResourceGroupMemberEntity];

@Module({
  imports: [TypeOrmModule.forFeature(PROJECT_ENTITIES)],
  controllers: [UserProjectController, UserResourceGroupController, ServicePermissionController],
  providers: [ProjectService, ProjectGroupService, ResourceGroupService],
  exports: [ResourceGroupService],
})
export class ProjectsModule {}
