import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { Page, resolvePaging, toPage } from '@bkci/core';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { isUniqueViolation } from '@bkci/persistence';
import { Model, PipelineSetting } from '@bkci/pipeline-model';
import { ProjectError, ProjectErrorCode } from '../projects/project.errors';
import { ProjectRepository } from '../projects/project.repository';
import {
  CreatePipelineInput,
  PipelineInfo,
  PipelineVersion,
  PipelineVersionSummary,
  RELEASED_STATUS,
  SavedPipelineVersion,
  SavePipelineVersionInput,
  toPipelineInfo,
  toPipelineVersion,
  toVersionSummary,
} from './dto/pipeline.dto';
import { TemplatePipelineInstance, TemplatePipelineRelation, TemplatePipelineRelationInput, TemplateRelationQuery } from './dto/template-relation.dto';
import { checkDesc, checkModel, checkPipelineName, checkVersionName, defaultSetting, newPipelineRows, versionRow } from './pipeline-resource';
import { nameExists, PipelineError, PipelineErrorCode, pipelineNotFound } from './pipeline.errors';
import { PipelineRepository } from './pipeline.repository';
import { TemplatePipelineRepository } from './template-pipeline.repository';
import { PipelineInfoEntity } from './entities/pipeline-info.entity';
import { YamlWorkers } from '../yaml-workers/yaml-workers';
import { PipelineTimerRegistry } from '../builds/timers/pipeline-timer.registry';

/**
 * Every loser of a compare-and-set lost to a save that succeeded, so N concurrent saves all
 * land within N attempts; beyond this many, the caller gets a 409.
 */
const MAX_SAVE_ATTEMPTS = 10;

/** An open transaction's manager (`tx.manager` of OutboxService.transaction), for a write that joins it. */
type Transaction = OutboxTransaction['manager'];

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
 * caller's transaction (its `tx.manager`) or in a transaction of its own.
 */
@Injectable()
export class PipelineService {
  constructor(
    private readonly pipelines: PipelineRepository,
    private readonly relations: TemplatePipelineRepository,
    private readonly projects: ProjectRepository,
    private readonly outbox: OutboxService,
    private readonly yamlWorkers: YamlWorkers,
    private readonly timers: PipelineTimerRegistry,
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
    manager?: Transaction,
  ): Promise<SavedPipelineVersion[]> {
    const rows = items.map((item) => item.pipeline);
    try {
      await this.write(manager, async (m) => {
        if (!(await this.projects.exists(projectId, m))) {
          throw new ProjectError(ProjectErrorCode.PROJECT_NOT_FOUND, `Project ${projectId} does not exist`);
        }
        await this.pipelines.insertNew(rows, m);
        const links = items.flatMap(({ relation }) => (relation ? [relation] : []));
        await this.relations.insertNew(links, new Date(), m);
        for (const { info, version } of rows) {
          if (version.status === RELEASED_STATUS) await this.timers.released(projectId, info.pipelineId, version.model as Model, info.creator, m);
        }
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
    const info = await this.pipelines.info(projectId, pipelineId);
    const version = info.latestVersion + 1;
    const pipelineName = model.name;
    const desc = checkDesc(model.desc ?? '');
    const setting = { ...(input.setting ?? (await this.currentSetting(info))), pipelineName, desc };
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
  async appendVersion(next: NextPipelineVersion, manager?: Transaction): Promise<SavedPipelineVersion> {
    const { caller, row } = next;
    const { pipelineId, projectId, version, versionName } = row;
    return this.write(manager, async (m) => {
      let swapped: boolean;
      try {
        swapped = await this.pipelines.swapLatest(
          pipelineId,
          next.revision,
          {
            pipelineName: row.setting.pipelineName,
            activeName: row.setting.pipelineName,
            desc: row.setting.desc,
            latestVersion: version,
            latestVersionName: versionName,
            instanceFromTemplate: next.instanceFromTemplate,
            updater: caller.userId,
            updatedAt: row.createdAt,
          },
          m,
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw nameExists(projectId, row.setting.pipelineName);
        throw error;
      }
      if (!swapped) {
        throw new PipelineError(PipelineErrorCode.SAVE_CONFLICT, `Pipeline ${pipelineId} was changed by another save at the same time; save again`);
      }
      // The draft held this version number; a release made without it supersedes it (BK-CI clears the draft too).
      await this.pipelines.deleteDraft(pipelineId, m);
      await this.pipelines.insertVersion(row, m);
      await this.timers.released(projectId, pipelineId, row.model as Model, caller.userId, m);
      return { pipelineId, version, versionName };
    });
  }

  async get(projectId: string, pipelineId: string): Promise<PipelineInfo> {
    return toPipelineInfo(await this.pipelines.info(projectId, pipelineId));
  }

  /** The setting of the latest release, or BK-CI's defaults when the pipeline has only a draft. */
  private async currentSetting(info: PipelineInfoEntity): Promise<PipelineSetting> {
    if (info.latestVersion === 0) return defaultSetting(info.pipelineName, info.desc);
    return toPipelineVersion(await this.pipelines.latestVersion(info)).setting;
  }

  /** The given version (a release or the draft), or the latest release when none is given. */
  async getVersion(projectId: string, pipelineId: string, version?: number): Promise<PipelineVersion> {
    const info = await this.pipelines.info(projectId, pipelineId);
    if (version === undefined && info.latestVersion === 0) {
      throw new PipelineError(PipelineErrorCode.VERSION_NOT_FOUND, `Pipeline ${pipelineId} has no released version yet; release its draft first`);
    }
    const wanted = version ?? info.latestVersion;
    const row = await this.pipelines.version(pipelineId, wanted);
    if (!row) {
      throw new PipelineError(PipelineErrorCode.VERSION_NOT_FOUND, `Pipeline ${pipelineId} has no version ${wanted}`);
    }
    return toPipelineVersion(row);
  }

  /** Newest first. */
  async listVersions(projectId: string, pipelineId: string, page?: number, pageSize?: number): Promise<Page<PipelineVersionSummary>> {
    await this.pipelines.info(projectId, pipelineId);
    const paging = resolvePaging({ page, pageSize });
    const [rows, count] = await this.pipelines.versionPage(pipelineId, paging);
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
      if (!(await this.pipelines.markDeleted(projectId, pipelineId, caller.userId, now, manager))) throw pipelineNotFound(projectId, pipelineId);
      await this.relations.markDeleted(projectId, pipelineId, caller.userId, now, manager);
      await this.timers.deleted(pipelineId, manager);
    });
  }

  /** Inserts the relation, or updates it when the pipeline already has one. */
  saveTemplateRelation(relation: TemplatePipelineRelationInput, manager?: Transaction): Promise<TemplatePipelineRelation> {
    return this.write(manager, async (m) => {
      await this.pipelines.info(relation.projectId, relation.pipelineId, m);
      return this.relations.save(relation, m);
    });
  }

  getTemplateRelation(projectId: string, pipelineId: string): Promise<TemplatePipelineRelation | null> {
    return this.relations.live(projectId, pipelineId);
  }

  listTemplateRelations(projectId: string, templateId: string, query: TemplateRelationQuery = {}): Promise<Page<TemplatePipelineInstance>> {
    return this.relations.page(projectId, templateId, query);
  }

  countTemplateRelations(projectId: string, templateId: string): Promise<number> {
    return this.relations.instanceCount(projectId, templateId);
  }

  /** In the caller's transaction when given one, else in a transaction of its own. */
  private write<T>(manager: Transaction | undefined, work: (m: Transaction) => Promise<T>): Promise<T> {
    return manager ? work(manager) : this.outbox.transaction(({ manager: m }) => work(m));
  }
}
