import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { BuildContainerEntity } from '../entities/build-container.entity';
import { BuildTaskEntity } from '../entities/build-task.entity';

/** The rows of a matrix's children (BK-CI PipelineBuildContainerDao.listByMatrixGroupId, batchSave). */
@Injectable()
export class MatrixRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The children of the matrix job `matrixGroupId`, in seq order. */
  children(buildId: string, matrixGroupId: string, manager: EntityManager = this.dataSource.manager): Promise<BuildContainerEntity[]> {
    return manager.find(BuildContainerEntity, { where: { buildId, matrixGroupId }, order: { seq: 'ASC' } });
  }

  async insertChildren(containers: BuildContainerEntity[], tasks: BuildTaskEntity[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (containers.length > 0) await manager.insert(BuildContainerEntity, containers);
    if (tasks.length > 0) await manager.insert(BuildTaskEntity, tasks);
  }
}
