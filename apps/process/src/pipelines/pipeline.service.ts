import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { Page, resolvePaging, toPage } from '@bkci/core';
import { OutboxService } from '@bkci/messaging';
import { isUniqueViolation } from '@bkci/persistence';
import { DataSource, EntityManager } from 'typeorm';
import { ProjectEntity } from '../projects/entities/project.entity';
import { ProjectError, ProjectErrorCode } from '../projects/project.errors';
import {
  CreatePipelineInput,
  PipelineInfo,
  PipelineVersion,
  PipelineVersionSummary,
  SavedPipelineVersion,
  SavePipelineVersionInput,
  toPipelineInfo,
  toPipelineVersion,
  toVersionSummary,
} from './dto/pipeline.dto';
import { TemplatePipelineInstance, TemplatePipelineRelation, TemplatePipelineRelationInput, TemplateRelationQuery } from './dto/template-relation.dto';
import { PipelineInfoEntity } from './entities/pipeline-info.entity';
import { PipelineResourceVersionEntity } from './entities/pipeline-resource-version.entity';
import { TemplatePipelineEntity } from './entities/template-pipeline.entity';
import { checkDesc, checkModel, checkPipelineName, checkVersionName, newPipelineRows, versionRow } from './pipeline-resource';
import { nameExists, PipelineError, PipelineErrorCode, pipelineNotFound } from './pipeline.errors';
import * as relations from './template-relations';

/**
 * Every loser of a compare-and-set lost to a save that succeeded, so N concurrent saves all
 * land within N attempts; beyond this many, the caller gets a 409.
 */
const MAX_SAVE_ATTEMPTS = 10;

/**
 * Pipelines and their versions. Writes take an optional EntityManager so that a caller (template
 * instantiation) can put them in its own transaction; without one, each write is its own.
 */
@Injectable()
export class PipelineService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
  ) {}

  async create(caller: Caller, projectId: string, input: CreatePipelineInput, manager?: EntityManager): Promise<SavedPipelineVersion> {
    const [created] = await this.createMany(caller, projectId, [{ pipeline: input, relation: null }], manager);
    return created;
  }

  /**
   * Creates pipelines (each with the template relation it may carry) with one multi-row insert per
   * table: how a template batch makes many instances without a round trip per row. A duplicate
   * name fails them all (NAME_EXISTS for the first pipeline's name when the database cannot say which).
   */
  async createMany(
    caller: Caller,
    projectId: string,
    items: Array<{ pipeline: CreatePipelineInput; relation: TemplatePipelineRelationInput | null }>,
    manager?: EntityManager,
  ): Promise<SavedPipelineVersion[]> {
    const now = new Date();
    const rows = items.map(({ pipeline }) => newPipelineRows(caller, projectId, pipeline, now));
    try {
      await this.write(manager, async (m) => {
        if (!(await m.existsBy(ProjectEntity, { projectId }))) {
          throw new ProjectError(ProjectErrorCode.PROJECT_NOT_FOUND, `Project ${projectId} does not exist`);
        }
        await m.insert(PipelineInfoEntity, rows.map((row) => row.info));
        await m.insert(PipelineResourceVersionEntity, rows.map((row) => row.version));
        const links = items.flatMap(({ relation }) => (relation ? [relations.newRelationRow(relation, now)] : []));
        if (links.length > 0) await m.insert(TemplatePipelineEntity, links);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameExists(projectId, rows.length === 1 ? rows[0].info.pipelineName : `${rows[0].info.pipelineName} (or another of ${rows.length})`);
      throw error;
    }
    return rows.map((row) => ({ pipelineId: row.info.pipelineId, version: 1, versionName: row.version.versionName }));
  }

  /**
   * Appends version latest+1. Without a manager a lost compare-and-set is retried in a fresh
   * transaction; inside the caller's transaction it cannot be (its snapshot would stay stale), so
   * the 409 goes to the caller.
   */
  async saveVersion(
    caller: Caller,
    projectId: string,
    pipelineId: string,
    input: SavePipelineVersionInput,
    manager?: EntityManager,
  ): Promise<SavedPipelineVersion> {
    const checked = { ...input, model: checkModel(input.model) };
    checkPipelineName(checked.model.name);
    if (input.versionName !== undefined) checkVersionName(input.versionName);
    if (manager) return this.appendVersion(manager, caller, projectId, pipelineId, checked);
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.outbox.transaction(({ manager: m }) => this.appendVersion(m, caller, projectId, pipelineId, checked));
      } catch (error) {
        const lost = error instanceof PipelineError && error.code === PipelineErrorCode.SAVE_CONFLICT;
        if (!lost || attempt >= MAX_SAVE_ATTEMPTS) throw error;
      }
    }
  }

  async get(projectId: string, pipelineId: string): Promise<PipelineInfo> {
    return toPipelineInfo(await requireInfo(this.dataSource.manager, projectId, pipelineId));
  }

  /** The given version, or the latest when none is given. */
  async getVersion(projectId: string, pipelineId: string, version?: number): Promise<PipelineVersion> {
    const info = await requireInfo(this.dataSource.manager, projectId, pipelineId);
    const wanted = version ?? info.latestVersion;
    const row = await this.dataSource.manager.findOneBy(PipelineResourceVersionEntity, { pipelineId, version: wanted });
    if (!row) {
      throw new PipelineError(PipelineErrorCode.VERSION_NOT_FOUND, `Pipeline ${pipelineId} has no version ${wanted}`);
    }
    return toPipelineVersion(row);
  }

  /** Newest first. */
  async listVersions(projectId: string, pipelineId: string, page?: number, pageSize?: number): Promise<Page<PipelineVersionSummary>> {
    await requireInfo(this.dataSource.manager, projectId, pipelineId);
    const paging = resolvePaging({ page, pageSize });
    const [rows, count] = await this.dataSource.manager.findAndCount(PipelineResourceVersionEntity, {
      select: { version: true, versionName: true, creator: true, createdAt: true, status: true },
      where: { pipelineId },
      order: { version: 'DESC' },
      skip: paging.offset,
      take: paging.pageSize,
    });
    return toPage(rows.map(toVersionSummary), count, paging);
  }

  /**
   * BK-CI canRollbackFromVersion: a pipeline that follows no template may go back to any of its
   * versions; an instance only to a version that records its template (`model.template`), or to
   * its latest version.
   */
  async canRollback(projectId: string, pipelineId: string, version: number): Promise<boolean> {
    const target = await this.getVersion(projectId, pipelineId, version);
    if (!(await this.getTemplateRelation(projectId, pipelineId))) return true;
    if (target.model.template) return true;
    return (await this.get(projectId, pipelineId)).version === version;
  }

  /** Soft delete: versions stay, the name is free again, and the template relation is marked deleted. */
  async delete(caller: Caller, projectId: string, pipelineId: string): Promise<void> {
    const now = new Date();
    await this.outbox.transaction(async ({ manager }) => {
      const result = await manager.update(
        PipelineInfoEntity,
        { pipelineId, projectId, deleted: false },
        { deleted: true, activeName: null, updater: caller.userId, updatedAt: now, revision: () => 'revision + 1' },
      );
      if (result.affected !== 1) throw pipelineNotFound(projectId, pipelineId);
      await manager.update(TemplatePipelineEntity, { pipelineId, projectId }, { deleted: true, updater: caller.userId, updatedAt: now });
    });
  }

  /** Inserts the relation, or updates it when the pipeline already has one. */
  saveTemplateRelation(relation: TemplatePipelineRelationInput, manager?: EntityManager): Promise<TemplatePipelineRelation> {
    return this.write(manager, async (m) => {
      await requireInfo(m, relation.projectId, relation.pipelineId);
      return relations.saveRelation(m, relation);
    });
  }

  getTemplateRelation(projectId: string, pipelineId: string): Promise<TemplatePipelineRelation | null> {
    return relations.getRelation(this.dataSource.manager, projectId, pipelineId);
  }

  listTemplateRelations(projectId: string, templateId: string, query: TemplateRelationQuery = {}): Promise<Page<TemplatePipelineInstance>> {
    return relations.listRelations(this.dataSource.manager, projectId, templateId, query);
  }

  countTemplateRelations(projectId: string, templateId: string): Promise<number> {
    return relations.countRelations(this.dataSource.manager, projectId, templateId);
  }

  private async appendVersion(
    m: EntityManager,
    caller: Caller,
    projectId: string,
    pipelineId: string,
    input: SavePipelineVersionInput,
  ): Promise<SavedPipelineVersion> {
    const info = await requireInfo(m, projectId, pipelineId);
    const previous = await m.findOneByOrFail(PipelineResourceVersionEntity, { pipelineId, version: info.latestVersion });
    const version = info.latestVersion + 1;
    const versionName = input.versionName ?? `V${version}`;
    const pipelineName = input.model.name;
    const desc = checkDesc(input.model.desc ?? '');
    const setting = { ...(input.setting ?? toPipelineVersion(previous).setting), pipelineName, desc };
    const stored = { ...input.model, name: pipelineName, desc };
    const now = new Date();
    let swapped: boolean;
    try {
      const result = await m.update(
        PipelineInfoEntity,
        { pipelineId, revision: info.revision, deleted: false },
        {
          pipelineName,
          activeName: pipelineName,
          desc,
          latestVersion: version,
          latestVersionName: versionName,
          instanceFromTemplate: stored.instanceFromTemplate ?? info.instanceFromTemplate,
          updater: caller.userId,
          updatedAt: now,
          revision: info.revision + 1,
        },
      );
      swapped = result.affected === 1;
    } catch (error) {
      if (isUniqueViolation(error)) throw nameExists(projectId, pipelineName);
      throw error;
    }
    if (!swapped) {
      throw new PipelineError(PipelineErrorCode.SAVE_CONFLICT, `Pipeline ${pipelineId} was changed by another save at the same time; save again`);
    }
    await m.insert(
      PipelineResourceVersionEntity,
      versionRow({ pipelineId, projectId, version, versionName, model: stored, setting, baseVersion: info.latestVersion, versionAction: input.versionAction, creator: caller.userId, now }),
    );
    return { pipelineId, version, versionName };
  }

  /** In the caller's transaction when given one, else in a transaction of its own. */
  private write<T>(manager: EntityManager | undefined, work: (m: EntityManager) => Promise<T>): Promise<T> {
    return manager ? work(manager) : this.outbox.transaction(({ manager: m }) => work(m));
  }
}

async function requireInfo(m: EntityManager, projectId: string, pipelineId: string): Promise<PipelineInfoEntity> {
  const info = await m.findOneBy(PipelineInfoEntity, { pipelineId, projectId, deleted: false });
  if (!info) throw pipelineNotFound(projectId, pipelineId);
  return info;
}
