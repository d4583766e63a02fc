import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { DeployTemplateResult } from '../version/template-version.context';
import { TemplateVersionManager } from '../version/template-version.manager';
import { TemplateVersionWriter } from '../version/template-version.writer';
import { PacBranchDeletedDto, PacFileDeletedDto, PacPushDto } from './pac.dto';
import { TemplatePacFileRepository } from './template-pac-file.repository';
import { TemplateDeleteService } from '../template-delete.service';

/** PAC for templates (BK-CI PTemplateYamlResourceService): pushes of template files, deleted branches. */
@Injectable()
export class TemplatePacService {
  constructor(
    private readonly versions: TemplateVersionManager,
    private readonly writer: TemplateVersionWriter,
    private readonly deletes: TemplateDeleteService,
    private readonly pacFiles: TemplatePacFileRepository,
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
    return !(await this.pacFiles.hasFile(projectId, filePath));
  }

  /**
   * The file was deleted from the default branch: its template goes too (refused, like any template
   * delete, while pipelines are instances of it). A file no template has is nothing to do.
   */
  async fileDeleted(projectId: string, body: PacFileDeletedDto): Promise<boolean> {
    const templateId = await this.pacFiles.templateOfFile(projectId, body.filePath);
    if (!templateId) return false;
    await this.deletes.deleteTemplate(projectId, templateId);
    return true;
  }

  /** A deleted (or merged) branch: the ACTIVE versions it left on PAC templates become INACTIVE. Returns how many. */
  async branchDeleted(caller: Caller, projectId: string, body: PacBranchDeletedDto): Promise<number> {
    let inactivated = 0;
    for (const templateId of await this.pacFiles.pacTemplateIds(projectId)) {
      inactivated += await this.writer.inLockedTransaction(templateId, ({ manager }) => this.pacFiles.inactivateBranch(projectId, templateId, body.branch, caller.userId, manager));
    }
    return inactivated;
  }
}
