import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ProjectGroupMemberEntity } from './entities/project-group-member.entity';
import { ProjectGroupEntity } from './entities/project-group.entity';
import { ProjectEntity } from './entities/project.entity';
import { ProjectGroupService } from './project-group.service';
import { ProjectService } from './project.service';
import { ServicePermissionController } from './service-permission.controller';
import { UserProjectController } from './user-project.controller';

export const PROJECT_ENTITIES = [ProjectEntity, ProjectGroupEntity, ProjectGroupMemberEntity];

@Module({
  imports: [TypeOrmModule.forFeature(PROJECT_ENTITIES)],
  controllers: [UserProjectController, ServicePermissionController],
  providers: [ProjectService, ProjectGroupService],
})
export class ProjectsModule {}
