import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Caller } from '@bkci/auth';
import { Repository } from 'typeorm';
import { TemplatePacFileEntity } from '../entities/template-pac-file.entity';
import { TemplateResourceVersionEntity } from '../entities/template-resource-version.entity';
import { updateRows } from '../template.repository';
import { DeployTemplateResult } from '../version/template-version.context';
import { TemplateVersionManager } from '../version/template-version.manager';
import { TemplateVersionWriter } from '../version/template-version.writer';
import { PacBranchDeletedDto, PacFileDeletedDto, PacPushDto } from './pac.dto';
import { TemplateDeleteService } from '../template-delete.service';

/** PAC for templates (BK-CI PTemplateYamlResourceService): pushes of template files, deleted branches. */
@Injectable()
export class TemplatePacService {
  constructor(
    private readonly versions: TemplateVersionManager,
    private readonly writer: TemplateVersionWriter,
    private readonly deletes: TemplateDeleteService,
    @InjectRepository(TemplatePacFileEntity) private readonly pacFiles: Repository<TemplatePacFileEntity>,
  ) {}

  push(caller: Caller, projectId: string, body: PacPushDto): Promise<DeployTemplateResult> {
    return this.versions.deploy({
      kind: 'YAML_WEBHOOK',
      caller,
      projectId,
      filePath: body.filePath,
      yaml: body.yaml,
      branch: body.branch,
      isDefaultBranch: body.isDefaultBranch,
      commitMessage: body.commitMessage ?? '',
    });
  }

  async isNewFile(projectId: string, filePath: string): Promise<boolean> {
    return !(await this.pacFiles.existsBy({ projectId, filePath }));
  }

  /**
   * The file was deleted from the default branch: its template goes too (refused, like any template
   * delete, while pipelines are instances of it). A file no template has is nothing to do.
   */
  async fileDeleted(projectId: string, body: PacFileDeletedDto): Promise<boolean> {
    const file = await this.pacFiles.findOneBy({ projectId, filePath: body.filePath });
    if (!file) return false;
    await this.deletes.deleteTemplate(projectId, file.templateId);
    return true;
  }

  /** A deleted (or merged) branch: the ACTIVE versions it left on PAC templates become INACTIVE. Returns how many. */
  async branchDeleted(caller: Caller, projectId: string, body: PacBranchDeletedDto): Promise<number> {
    const files = await this.pacFiles.findBy({ projectId });
    let inactivated = 0;
    for (const templateId of new Set(files.map((file) => file.templateId))) {
      inactivated += await this.writer.inLockedTransaction(templateId, ({ manager }) =>
        updateRows(manager, TemplateResourceVersionEntity, { projectId, templateId, status: 'BRANCH', branchAction: 'ACTIVE', versionName: body.branch }, {
          branchAction: 'INACTIVE',
          updater: caller.userId,
          updatedAt: new Date(),
        }),
      );
    }
    return inactivated;
  }
}
