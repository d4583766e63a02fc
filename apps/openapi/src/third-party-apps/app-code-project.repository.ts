import { Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@bkci/persistence';
import { DataSource } from 'typeorm';
import { AppCodeProjectEntity } from './entities/app-code-project.entity';

/** The bindings of apps to projects (BK-CI's T_APP_CODE_PROJECT). */
@Injectable()
export class AppCodeProjectRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Binds the app to the project; false when it already is. */
  async add(row: Omit<AppCodeProjectEntity, 'id'>): Promise<boolean> {
    try {
      await this.dataSource.manager.insert(AppCodeProjectEntity, row);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  get(appCode: string, projectId: string): Promise<AppCodeProjectEntity | null> {
    return this.dataSource.manager.findOneBy(AppCodeProjectEntity, { appCode, projectId });
  }

  exists(appCode: string, projectId: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(AppCodeProjectEntity, { appCode, projectId });
  }

  all(): Promise<AppCodeProjectEntity[]> {
    return this.dataSource.manager.find(AppCodeProjectEntity, { order: { id: 'ASC' } });
  }

  ofApp(appCode: string): Promise<AppCodeProjectEntity[]> {
    return this.dataSource.manager.find(AppCodeProjectEntity, { where: { appCode }, order: { id: 'ASC' } });
  }

  ofProject(projectId: string): Promise<AppCodeProjectEntity[]> {
    return this.dataSource.manager.find(AppCodeProjectEntity, { where: { projectId }, order: { id: 'ASC' } });
  }

  /** False when the app was not bound to the project. */
  async remove(appCode: string, projectId: string): Promise<boolean> {
    const deleted = await this.dataSource.manager.delete(AppCodeProjectEntity, { appCode, projectId });
    return !!deleted.affected;
  }
}
