import { Injectable } from '@nestjs/common';
import { Paging } from '@bkci/core';
import { DataSource, EntityManager } from 'typeorm';
import { PipelineInfoEntity } from './entities/pipeline-info.entity';
import { PipelineResourceVersionEntity } from './entities/pipeline-resource-version.entity';
import { DRAFT_STATUS, RELEASED_STATUS } from './dto/pipeline.dto';
import { pipelineNotFound } from './pipeline.errors';

/** What a save changes on the pipeline's info row when it appends a version. */
export type LatestVersionValues = Pick<
  PipelineInfoEntity,
  'pipelineName' | 'activeName' | 'desc' | 'latestVersion' | 'latestVersionName' | 'instanceFromTemplate' | 'updater' | 'updatedAt'
>;

/** The pipelines' info rows (BK-CI T_PIPELINE_INFO) and their versions (T_PIPELINE_RESOURCE_VERSION). */
@Injectable()
export class PipelineRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A live pipeline of the project, or PIPELINE_NOT_FOUND. */
  async info(projectId: string, pipelineId: string, manager: EntityManager = this.dataSource.manager): Promise<PipelineInfoEntity> {
    const info = await manager.findOneBy(PipelineInfoEntity, { pipelineId, projectId, deleted: false });
    if (!info) throw pipelineNotFound(projectId, pipelineId);
    return info;
  }

  /** New pipelines with their first versions: one multi-row insert per table. */
  async insertNew(rows: Array<{ info: PipelineInfoEntity; version: PipelineResourceVersionEntity }>, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(PipelineInfoEntity, rows.map((row) => row.info));
    await manager.insert(PipelineResourceVersionEntity, rows.map((row) => row.version));
  }

  /**
   * Points the pipeline at its new latest version if it is still at `revision` (compare-and-set):
   * false when another save changed it since, or it was deleted.
   */
  async swapLatest(pipelineId: string, revision: number, values: LatestVersionValues, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(PipelineInfoEntity, { pipelineId, revision, deleted: false }, { ...values, revision: revision + 1 });
    return result.affected === 1;
  }

  /** Soft delete: frees the name; false when the project has no such live pipeline. */
  async markDeleted(projectId: string, pipelineId: string, updater: string, now: Date, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(
      PipelineInfoEntity,
      { pipelineId, projectId, deleted: false },
      { deleted: true, activeName: null, updater, updatedAt: now, revision: () => 'revision + 1' },
    );
    return result.affected === 1;
  }

  async insertVersion(row: PipelineResourceVersionEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(PipelineResourceVersionEntity, row);
  }

  /** The pipeline's draft (BK-CI's COMMITTING version), of which there is at most one. */
  draft(pipelineId: string, manager: EntityManager = this.dataSource.manager): Promise<PipelineResourceVersionEntity | null> {
    return manager.findOneBy(PipelineResourceVersionEntity, { pipelineId, status: DRAFT_STATUS });
  }

  /** Puts `row` in place of the pipeline's draft, if it has one. */
  async replaceDraft(row: PipelineResourceVersionEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await this.deleteDraft(row.pipelineId, manager);
    await manager.insert(PipelineResourceVersionEntity, row);
  }

  async deleteDraft(pipelineId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(PipelineResourceVersionEntity, { pipelineId, status: DRAFT_STATUS });
  }

  /** Makes draft `version` a release; false when the pipeline has no such draft. */
  async releaseDraft(
    pipelineId: string,
    version: number,
    values: Pick<PipelineResourceVersionEntity, 'versionName' | 'versionAction'>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<boolean> {
    const result = await manager.update(PipelineResourceVersionEntity, { pipelineId, version, status: DRAFT_STATUS }, { ...values, status: RELEASED_STATUS });
    return result.affected === 1;
  }

  /**
   * Records a change that leaves the latest release alone (a draft save) if the pipeline is still at
   * `revision` (compare-and-set): false when another save changed it since, or it was deleted.
   */
  async touch(pipelineId: string, revision: number, values: Pick<PipelineInfoEntity, 'updater' | 'updatedAt'>, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.update(PipelineInfoEntity, { pipelineId, revision, deleted: false }, { ...values, revision: revision + 1 });
    return result.affected === 1;
  }

  version(pipelineId: string, version: number, manager: EntityManager = this.dataSource.manager): Promise<PipelineResourceVersionEntity | null> {
    return manager.findOneBy(PipelineResourceVersionEntity, { pipelineId, version });
  }

  /** The version the info row names as latest: it always exists, so its absence is a fault, not a 404. */
  latestVersion(info: PipelineInfoEntity, manager: EntityManager = this.dataSource.manager): Promise<PipelineResourceVersionEntity> {
    return manager.findOneByOrFail(PipelineResourceVersionEntity, { pipelineId: info.pipelineId, version: info.latestVersion });
  }

  /** A page of the pipeline's version summaries, newest first. */
  versionPage(pipelineId: string, paging: Paging, manager: EntityManager = this.dataSource.manager): Promise<[PipelineResourceVersionEntity[], number]> {
    return manager.findAndCount(PipelineResourceVersionEntity, {
      select: { version: true, versionName: true, creator: true, createdAt: true, status: true },
      where: { pipelineId },
      order: { version: 'DESC' },
      skip: paging.offset,
      take: paging.pageSize,
    });
  }
}
