import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, Not } from 'typeorm';
import { TemplateDraftVersionEntity } from './entities/template-draft-version.entity';
import { TemplateInfoEntity } from './entities/template-info.entity';
import { TemplateOperationLogEntity } from './entities/template-operation-log.entity';
import { TemplatePacFileEntity } from './entities/template-pac-file.entity';
import { TemplateStoreInstallEntity } from './entities/template-store-install.entity';
import { TemplateStoreVersionEntity } from './entities/template-store-version.entity';
import { TemplateResourceVersionEntity } from './entities/template-resource-version.entity';
import { TemplateSettingVersionEntity } from './entities/template-setting-version.entity';
import { TemplateVersionIdEntity } from './entities/template-version-id.entity';
import { TemplateError, TemplateErrorCode, templateNotFound, versionNotFound } from './template.errors';

/** Reads and writes of the template tables that several operations share. Every read is scoped by project. */
@Injectable()
export class TemplateRepository {
  constructor(private readonly dataSource: DataSource) {}

  async info(projectId: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateInfoEntity> {
    const info = await manager.findOneBy(TemplateInfoEntity, { projectId, id: templateId });
    if (!info) throw templateNotFound(templateId);
    return info;
  }

  exists(projectId: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(TemplateInfoEntity, { projectId, id: templateId });
  }

  /** A version that is not deleted. */
  async version(
    projectId: string,
    templateId: string,
    version: number,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<TemplateResourceVersionEntity> {
    const row = await manager.findOneBy(TemplateResourceVersionEntity, { projectId, templateId, version, status: Not('DELETE') });
    if (!row) throw versionNotFound(templateId, version);
    return row;
  }

  /** The live draft (at most one per template). */
  draft(templateId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateResourceVersionEntity | null> {
    return manager.findOneBy(TemplateResourceVersionEntity, { templateId, status: 'COMMITTING' });
  }

  /** The latest release: highest versionNum, then highest version (BK-CI's order). */
  latestRelease(templateId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateResourceVersionEntity | null> {
    return manager.findOne(TemplateResourceVersionEntity, {
      where: { templateId, status: 'RELEASED' },
      order: { versionNum: 'DESC', version: 'DESC' },
    });
  }

  async setting(templateId: string, settingVersion: number, manager: EntityManager = this.dataSource.manager): Promise<TemplateSettingVersionEntity> {
    const row = await manager.findOneBy(TemplateSettingVersionEntity, { templateId, settingVersion });
    if (!row) throw new Error(`template ${templateId} lacks setting version ${settingVersion}`);
    return row;
  }

  /**
   * A template at a ref (BK-CI resolveTemplateRefVersion, for what this server keeps): the ACTIVE version
   * of the branch named `ref`, else the release named `ref`. The console's `refs/heads/` and `refs/tags/`
   * prefixes name the same branch or release.
   */
  async versionAtRef(projectId: string, templateId: string, ref: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateResourceVersionEntity> {
    const name = ref.replace(/^refs\/(heads|tags)\//, '');
    const row =
      (await manager.findOneBy(TemplateResourceVersionEntity, { projectId, templateId, status: 'BRANCH', branchAction: 'ACTIVE', versionName: name })) ??
      (await manager.findOneBy(TemplateResourceVersionEntity, { projectId, templateId, status: 'RELEASED', versionName: name }));
    if (!row) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no branch or release named ${name}`, { templateId, ref });
    return row;
  }

  /** The newest version named `versionName` that is not deleted (what a pipeline's template descriptor names). */
  async versionNamed(projectId: string, templateId: string, versionName: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateResourceVersionEntity> {
    const row = await manager.findOne(TemplateResourceVersionEntity, { where: { projectId, templateId, versionName, status: Not('DELETE') }, order: { number: 'DESC' } });
    if (!row) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no version named ${versionName}`, { templateId, versionName });
    return row;
  }

  draftHistory(templateId: string, version: number, draftVersion: number, manager: EntityManager = this.dataSource.manager) {
    return manager.findOneBy(TemplateDraftVersionEntity, { templateId, version, draftVersion });
  }

  async nameTaken(projectId: string, name: string, exceptTemplateId: string | null, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const other = await manager.findOneBy(TemplateInfoEntity, { projectId, name });
    return other !== null && other.id !== exceptTemplateId;
  }

  /** The head row of a new template. */
  async insertInfo(info: TemplateInfoEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(TemplateInfoEntity, info);
  }

  /** How many projects use a store copy of the template (CONSTRAINT templates made from it). */
  storeCopies(templateId: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return manager.countBy(TemplateInfoEntity, { srcTemplateId: templateId, mode: 'CONSTRAINT' });
  }

  /** Removes the template: its head row and every row of every template table that names it. */
  async remove(projectId: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    for (const entity of [
      TemplateDraftVersionEntity,
      TemplateSettingVersionEntity,
      TemplateResourceVersionEntity,
      TemplateVersionIdEntity,
      TemplateOperationLogEntity,
      TemplatePacFileEntity,
      TemplateStoreVersionEntity,
      TemplateStoreInstallEntity,
    ]) {
      await manager.delete(entity, { templateId });
    }
    await manager.delete(TemplateInfoEntity, { projectId, id: templateId });
  }

  /** A new global version id (BK-CI's segment allocator). */
  async allocateVersion(manager: EntityManager, templateId: string): Promise<number> {
    const { identifiers } = await manager.insert(TemplateVersionIdEntity, { templateId });
    return Number(identifiers[0].id);
  }

  /** The next `number` and `settingVersion` of a template: one more than any row so far. */
  async nextNumbers(manager: EntityManager, templateId: string): Promise<{ number: number; settingVersion: number }> {
    const row = await manager
      .createQueryBuilder(TemplateResourceVersionEntity, 'v')
      .select('MAX(v.number)', 'number')
      .addSelect('MAX(v.settingVersion)', 'settingVersion')
      .where('v.templateId = :templateId', { templateId })
      .getRawOne<{ number: number | null; settingVersion: number | null }>();
    return { number: Number(row?.number ?? 0) + 1, settingVersion: Number(row?.settingVersion ?? 0) + 1 };
  }

  /**
   * Updates the head row only if nobody changed it since `info` was read (compare-and-set on
   * `revision`); the lock makes a miss rare, this makes it harmless.
   */
  async updateInfo(manager: EntityManager, info: TemplateInfoEntity, changes: Partial<TemplateInfoEntity>): Promise<TemplateInfoEntity> {
    const next = { ...changes, revision: info.revision + 1 };
    const result = await manager.update(TemplateInfoEntity, { id: info.id, revision: info.revision }, next);
    if (!result.affected) {
      throw new TemplateError(TemplateErrorCode.CONCURRENT_UPDATE, `Template ${info.id} was changed by another operation; retry`);
    }
    return { ...info, ...next };
  }
}
