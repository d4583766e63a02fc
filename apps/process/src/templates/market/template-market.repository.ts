import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TemplateInfoEntity } from '../entities/template-info.entity';
import { TemplateResourceVersionEntity } from '../entities/template-resource-version.entity';
import { TemplateStoreInstallEntity } from '../entities/template-store-install.entity';
import { TemplateStoreVersionEntity } from '../entities/template-store-version.entity';

/**
 * The template store's tables: published versions (pipeline_template_store_versions) and installs
 * (pipeline_template_store_installs), with the reads of the template tables the store does across
 * projects (a store template is read from whichever project installs it).
 */
@Injectable()
export class TemplateMarketRepository {
  constructor(private readonly dataSource: DataSource) {}

  isPublished(templateId: string, version: number, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(TemplateStoreVersionEntity, { templateId, version });
  }

  async addPublished(published: TemplateStoreVersionEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(TemplateStoreVersionEntity, published);
  }

  /** The published version `version` of a store template, or its latest one when `version` is null. */
  publishedVersion(templateId: string, version: number | null = null, manager: EntityManager = this.dataSource.manager): Promise<TemplateStoreVersionEntity | null> {
    return manager.findOne(TemplateStoreVersionEntity, {
      where: version === null ? { templateId } : { templateId, version },
      order: { publishedAt: 'DESC', version: 'DESC' },
    });
  }

  /** The template version a store version was published from, in whatever project it lives. */
  publishedContent(published: TemplateStoreVersionEntity, manager: EntityManager = this.dataSource.manager): Promise<TemplateResourceVersionEntity> {
    return manager.findOneByOrFail(TemplateResourceVersionEntity, { templateId: published.templateId, version: published.version });
  }

  /** A template that is in the store (has published a version), in any project. */
  storeTemplate(templateId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateInfoEntity | null> {
    return manager.findOneBy(TemplateInfoEntity, { id: templateId, storeStatus: 'RELEASED' });
  }

  /** The project's CONSTRAINT copy of a store template, if it installed one. */
  copyIn(projectId: string, srcTemplateId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateInfoEntity | null> {
    return manager.findOneBy(TemplateInfoEntity, { projectId, srcTemplateId, mode: 'CONSTRAINT' });
  }

  /** Every copy of a store template that upgrades itself when a version is published. */
  autoUpgradingCopies(srcTemplateId: string, manager: EntityManager = this.dataSource.manager): Promise<TemplateInfoEntity[]> {
    return manager.findBy(TemplateInfoEntity, { srcTemplateId, mode: 'CONSTRAINT', upgradeStrategy: 'AUTO' });
  }

  isInstalled(projectId: string, templateId: string, srcVersion: number, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.existsBy(TemplateStoreInstallEntity, { projectId, templateId, srcVersion });
  }

  /** The store versions a copy has installed. */
  async installedVersions(projectId: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<number[]> {
    const installs = await manager.findBy(TemplateStoreInstallEntity, { projectId, templateId });
    return installs.map((install) => install.srcVersion);
  }

  /** The install that made the copy's version `installedVersion` (it must exist). */
  installOf(projectId: string, templateId: string, installedVersion: number, manager: EntityManager = this.dataSource.manager): Promise<TemplateStoreInstallEntity> {
    return manager.findOneByOrFail(TemplateStoreInstallEntity, { projectId, templateId, installedVersion });
  }

  async addInstall(install: TemplateStoreInstallEntity, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.insert(TemplateStoreInstallEntity, install);
  }

  /** Forgets a copy's installs (it no longer follows the store). */
  async forgetInstalls(projectId: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.delete(TemplateStoreInstallEntity, { projectId, templateId });
  }
}
