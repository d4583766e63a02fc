import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TemplatePacFileEntity } from '../entities/template-pac-file.entity';
import { TemplateResourceVersionEntity } from '../entities/template-resource-version.entity';
import { updateRows } from '../entity-writes';

/** Which template each PAC file of a project is (pipeline_template_pac_files), and what a deleted branch leaves. */
@Injectable()
export class TemplatePacFileRepository {
  constructor(private readonly dataSource: DataSource) {}

  hasFile(projectId: string, filePath: string): Promise<boolean> {
    return this.dataSource.manager.existsBy(TemplatePacFileEntity, { projectId, filePath });
  }

  /** Binds the file to the template, unless the file is bound already (a file names one template for good). */
  async bind(projectId: string, filePath: string, templateId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    if (await manager.existsBy(TemplatePacFileEntity, { projectId, filePath })) return;
    await manager.insert(TemplatePacFileEntity, { projectId, filePath, templateId, createdAt: new Date() });
  }

  /** The id of the template the file is, or null when no template has it yet. */
  async templateOfFile(projectId: string, filePath: string): Promise<string | null> {
    const file = await this.dataSource.manager.findOneBy(TemplatePacFileEntity, { projectId, filePath });
    return file?.templateId ?? null;
  }

  /** The templates of the project that come from PAC files, each once. */
  async pacTemplateIds(projectId: string): Promise<string[]> {
    const files = await this.dataSource.manager.findBy(TemplatePacFileEntity, { projectId });
    return [...new Set(files.map((file) => file.templateId))];
  }

  /** The template's ACTIVE version of the branch becomes INACTIVE; returns how many rows changed. */
  inactivateBranch(projectId: string, templateId: string, branch: string, updater: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return updateRows(manager, TemplateResourceVersionEntity, { projectId, templateId, status: 'BRANCH', branchAction: 'ACTIVE', versionName: branch }, {
      branchAction: 'INACTIVE',
      updater,
      updatedAt: new Date(),
    });
  }
}
