import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { ProjectEntity } from './entities/project.entity';

/** The projects table. Other features (pipelines) check a project exists through here. */
@Injectable()
export class ProjectRepository {
  constructor(private readonly dataSource: DataSource) {}

  find(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<ProjectEntity | null> {
    return manager.findOneBy(ProjectEntity, { projectId });
  }

  exists(projectId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(ProjectEntity, { projectId });
  }

  /** Every project, by id (what a system administrator sees). */
  all(manager: EntityManager = this.dataSource.manager): Promise<ProjectEntity[]> {
    return manager.find(ProjectEntity, { order: { projectId: 'ASC' } });
  }

  /** The given projects, by id. */
  byIds(projectIds: string[], manager: EntityManager = this.dataSource.manager): Promise<ProjectEntity[]> {
    return manager.find(ProjectEntity, { where: { projectId: In(projectIds) }, order: { projectId: 'ASC' } });
  }

  async insert(project: ProjectEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(ProjectEntity, project);
  }
}
