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
import { YamlWorkers } from '../yaml-workers/yaml-workers';

/**
 * Every loser of a compare-and-set lost to a save that succeeded, so N concurrent saves all
 * land within N attempts; beyond this many, the caller gets a 409.
 */
const MAX_SAVE_ATTEMPTS = 10;

/** A new pipeline's rows, checked and with its YAML preview (PipelineService.prepareNew). */
export type NewPipeline = Awaited<ReturnType<typeof newPipelineRows>>;

/** A pipeline's next version, checked and with its YAML preview (PipelineService.prepareVersion). */
export interface NextPipelineVersion {
  caller: Caller;
  /** The pipeline's revision the version was made from. */
  revision: number;
  instanceFromTemplate: boolean;
  row: Awaited<ReturnType<typeof versionRow>>;
}

/**
 * Pipelines and their versions. A write comes in two steps so that a caller (template
 * instantiation) can put it in its own transaction: prepare (checks, and the YAML preview, which
 * waits for a worker thread and so must not hold a transaction open) then write, with the
 * caller's EntityManager or in a transaction of its own.
 */
@Injectable()
export class PipelineService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: OutboxService,
    private readonly yamlWorkers: YamlWorkers,
  ) {}

  async create(caller: Caller, projectId: string, input: CreatePipelineInput): Promise<SavedPipelineVersion> {
    const [pipeline] = await this.prepareNew(caller, projectId, [input]);
    const [created] = await this.insertNew(projectId, [{ pipeline, relation: null }]);
    return created;
  }

  /**
   * New pipelines checked, with their YAML previews made on worker threads: call it before any
   * transaction, and write the result with insertNew.
   */
  async prepareNew(caller: Caller, projectId: string, inputs: CreatePipelineInput[]): Promise<NewPipeline[]> {
    const now = new Date();
    return Promise.all(inputs.map((input) => newPipelineRows(this.yamlWorkers, caller, projectId, input, now)));
  }

  /**
   * Inserts prepared pipelines (each with the template relation it may carry) with one multi-row
   * insert per table: how a template batch makes many instances without a round trip per row. A
   * duplicate name fails them all (NAME_EXISTS for the first pipeline's name when the database cannot say which).
   */
  async insertNew(
    projectId: string,
    items: Array<{ pipeline: NewPipeline; relation: TemplatePipelineRelationInput | null }>,
    manager?: EntityManager,
  ): Promise<SavedPipelineVersion[]> {
    const rows = items.map((item) => item.pipeline);
    try {
      await this.write(manager, async (m) => {
        if (!(await m.existsBy(ProjectEntity, { projectId }))) {
          throw new ProjectError(ProjectErrorCode.PROJECT_NOT_FOUND, `Project ${projectId} does not exist`);
        }
        await m.insert(PipelineInfoEntity, rows.map((row) => row.info));
        await m.insert(PipelineResourceVersionEntity, rows.map((row) => row.version));
        const now = new Date();
        const links = items.flatMap(({ relation }) => (relation ? [relations.newRelationRow(relation, now)] : []));
        if (links.length > 0) await m.insert(TemplatePipelineEntity, links);
      });
    } catch (error) {
      if (isUniqueViolation(error)) throw nameExists(projectId, rows.length === 1 ? rows[0].info.pipelineName : `${rows[0].info.pipelineName} (or another of ${rows.length})`);
      throw error;
    }
    return rows.map((row) => ({ pipelineId: row.info.pipelineId, version: 1, versionName: row.version.versionName }));
  }

  /** Appends version latest+1; a save that lost to another one at the same time is made again from the new latest. */
  async saveVersion(caller: Caller, projectId: string, pipelineId: string, input: SavePipelineVersionInput): Promise<SavedPipelineVersion> {
    for (let attempt = 1; ; attempt++) {
      const next = await this.prepareVersion(caller, projectId, pipelineId, input);
      try {
        return await this.appendVersion(next);
      } catch (error) {
        const lost = error instanceof PipelineError && error.code === PipelineErrorCode.SAVE_CONFLICT;
        if (!lost || attempt >= MAX_SAVE_ATTEMPTS) throw error;
      }
    }
  }

  /**
   * The pipeline's next version, checked, from its latest one, with the YAML preview made on a
   * worker thread: call it before any transaction, and write the result with appendVersion.
   */
  async prepareVersion(caller: Caller, projectId: string, pipelineId: string, input: SavePipelineVersionInput): Promise<NextPipelineVersion> {
    // checkModel also drops top-level fields a Model does not have, so they are never stored.
    const model = checkModel(input.model);
    checkPipelineName(model.name);
    if (input.versionName !== undefined) checkVersionName(input.versionName);
    const m = this.dataSource.manager;
    const info = await requireInfo(m, projectId, pipelineId);
    const previous = await m.findOneByOrFail(PipelineResourceVersionEntity, { pipelineId, version: info.latestVersion });
    const version = info.latestVersion + 1;
    const pipelineName = model.name;
    const desc = checkDesc(model.desc ?? '');
    const setting = { ...(input.setting ?? toPipelineVersion(previous).setting), pipelineName, desc };
    const stored = { ...model, name: pipelineName, desc };
    const row = await versionRow(this.yamlWorkers, {
      pipelineId,
      projectId,
      version,
      versionName: input.versionName ?? `V${version}`,
      model: stored,
      setting,
      baseVersion: info.latestVersion,
      versionAction: input.versionAction,
      creator: caller.userId,
      now: new Date(),
    });
    return { caller, revision: info.revision, instanceFromTemplate: stored.instanceFromTemplate ?? info.instanceFromTemplate, row };
  }

  /**
   * Writes a prepared version with a compare-and-set on the revision it was prepared from: if the
   * pipeline changed since, a 409 (saveVersion prepares again; inside the caller's transaction
   * that is the caller's to do).
   */
  async appendVersion(next: NextPipelineVersion, manager?: EntityManager): Promise<SavedPipelineVersion> {
    const { caller, row } = next;
    const { pipelineId, projectId, version, versionName } = row;
    return this.write(manager, async (m) => {
      let swapped: boolean;
      try {
        const result = await m.update(
          PipelineInfoEntity,
          { pipelineId, revision: next.revision, deleted: false },
          {
            pipelineName: row.setting.pipelineName,
            activeName: row.setting.pipelineName,
            desc: row.setting.desc,
            latestVersion: version,
            latestVersionName: versionName,
            instanceFromTemplate: next.instanceFromTemplate,
            updater: caller.userId,
            updatedAt: row.createdAt,
            revision: next.revision + 1,
          },
        );
        swapped = result.affected === 1;
      } catch (error) {
        if (isUniqueViolation(error)) throw nameExists(projectId, row.setting.pipelineName);
        throw error;
      }
      if (!swapped) {
        throw new PipelineError(PipelineErrorCode.SAVE_CONFLICT, `Pipeline ${pipelineId} was changed by another save at the same time; save again`);
      }
      await m.insert(PipelineResourceVersionEntity, row);
      return { pipelineId, version, versionName };
    });
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
