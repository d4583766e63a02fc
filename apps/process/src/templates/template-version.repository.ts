import { Injectable } from '@nestjs/common';
import { Paging } from '@bkci/core';
import { containing } from '@bkci/persistence';
import { DataSource, EntityManager, FindOptionsWhere, In, Not } from 'typeorm';
import { ListVersionsDto } from './dto/template-queries.dto';
import { TemplateDraftVersionEntity } from './entities/template-draft-version.entity';
import { TemplateResourceVersionEntity } from './entities/template-resource-version.entity';
import { TemplateSettingVersionEntity } from './entities/template-setting-version.entity';
import { insertRows, updateRows } from './entity-writes';

/** A save of a draft as its history lists it (without the content). */
export type DraftSaveSummary = Omit<TemplateDraftVersionEntity, 'model' | 'setting' | 'params'>;

/** Reads and writes of a template's version rows, their settings and the draft history. */
@Injectable()
export class TemplateVersionRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** A new version row with its setting row. */
  async insert(row: TemplateResourceVersionEntity, setting: TemplateSettingVersionEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await insertRows(manager, TemplateResourceVersionEntity, row);
    await insertRows(manager, TemplateSettingVersionEntity, setting);
  }

  /** Puts `setting` in place of the setting row with its template and setting version (a draft keeps its setting version). */
  async replaceSetting(setting: TemplateSettingVersionEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(TemplateSettingVersionEntity, { templateId: setting.templateId, settingVersion: setting.settingVersion });
    await insertRows(manager, TemplateSettingVersionEntity, setting);
  }

  /** One save of a draft, kept for its history. */
  async recordDraftSave(save: TemplateDraftVersionEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await insertRows(manager, TemplateDraftVersionEntity, save);
  }

  /** Updates the draft only while it is still at save `draftVersion` (compare-and-set); how many rows changed. */
  updateDraft(
    templateId: string,
    version: number,
    draftVersion: number,
    changes: Partial<TemplateResourceVersionEntity>,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<number> {
    return updateRows(manager, TemplateResourceVersionEntity, { templateId, version, draftVersion }, changes);
  }

  /** Turns the draft `version` into a release with `changes` (counters, name, times). */
  async releaseDraft(templateId: string, version: number, changes: Partial<TemplateResourceVersionEntity>, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await updateRows(manager, TemplateResourceVersionEntity, { templateId, version, status: 'COMMITTING' }, changes);
  }

  /** The ACTIVE version of branch `branch` becomes INACTIVE (a new one is about to take its place). */
  async deactivateBranch(templateId: string, branch: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await updateRows(manager, TemplateResourceVersionEntity, { templateId, status: 'BRANCH', branchAction: 'ACTIVE', versionName: branch }, { branchAction: 'INACTIVE' });
  }

  /** Soft delete: the row stays, as DELETE. */
  async markDeleted(templateId: string, version: number, updater: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await updateRows(manager, TemplateResourceVersionEntity, { templateId, version }, { status: 'DELETE', updater, updatedAt: new Date() });
  }

  /** Whether a release of the template is named `versionName` (in `projectId` when given). */
  hasReleaseNamed(release: { projectId?: string; templateId: string; versionName: string }, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const { projectId, templateId, versionName } = release;
    return manager.existsBy(TemplateResourceVersionEntity, { ...(projectId === undefined ? {} : { projectId }), templateId, status: 'RELEASED', versionName });
  }

  /** The template's releases, newest first (BK-CI's order: versionNum, then version). */
  releases(projectId: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateResourceVersionEntity[]> {
    return manager.find(TemplateResourceVersionEntity, { where: { projectId, templateId, status: 'RELEASED' }, order: { versionNum: 'DESC', version: 'DESC' } });
  }

  /** The version and setting version of each release, newest first (the same order). */
  releaseKeys(templateId: string, manager: EntityManager = this.dataSource.manager): Promise<Pick<TemplateResourceVersionEntity, 'version' | 'settingVersion'>[]> {
    return manager.find(TemplateResourceVersionEntity, {
      select: { version: true, settingVersion: true },
      where: { templateId, status: 'RELEASED' },
      order: { versionNum: 'DESC', version: 'DESC' },
    });
  }

  /** Removes releases with their settings and draft history. */
  async removeReleases(templateId: string, releases: Pick<TemplateResourceVersionEntity, 'version' | 'settingVersion'>[], manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(TemplateDraftVersionEntity, { templateId, version: In(releases.map((row) => row.version)) });
    await manager.delete(TemplateSettingVersionEntity, { templateId, settingVersion: In(releases.map((row) => row.settingVersion)) });
    await manager.delete(TemplateResourceVersionEntity, { templateId, version: In(releases.map((row) => row.version)) });
  }

  /** A page of the version history: the draft first, then newest first; deleted versions only when `condition.status` asks. */
  history(projectId: string, templateId: string, condition: ListVersionsDto, paging: Paging): Promise<[TemplateResourceVersionEntity[], number]> {
    const where: FindOptionsWhere<TemplateResourceVersionEntity> = { projectId, templateId, status: condition.status ?? Not('DELETE') };
    if (condition.versionName) where.versionName = containing(condition.versionName);
    if (condition.creator) where.creator = condition.creator;
    return this.dataSource.manager.findAndCount(TemplateResourceVersionEntity, { where, order: { sortWeight: 'DESC', number: 'DESC' }, skip: paging.offset, take: paging.pageSize });
  }

  /** A page of the saves of draft `version`, newest first. */
  draftSaves(projectId: string, templateId: string, version: number, paging: Paging): Promise<[DraftSaveSummary[], number]> {
    return this.dataSource.manager.findAndCount(TemplateDraftVersionEntity, {
      select: { templateId: true, version: true, draftVersion: true, projectId: true, baseDraftVersion: true, creator: true, createdAt: true },
      where: { projectId, templateId, version },
      order: { draftVersion: 'DESC' },
      skip: paging.offset,
      take: paging.pageSize,
    });
  }
}
