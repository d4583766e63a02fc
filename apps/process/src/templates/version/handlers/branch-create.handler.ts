import { Injectable } from '@nestjs/common';
import { OutboxTransaction } from '@bkci/messaging';
import { PersistHooks, VersionHandler } from '@bkci/template-version';
import { TemplateInfoEntity } from '../../entities/template-info.entity';
import { TemplateRepository } from '../../template.repository';
import { DeployTemplateResult, TemplateVersionContext } from '../template-version.context';
import { TemplateVersionWriter } from '../template-version.writer';

/**
 * A branch version from a PAC push (BK-CI BranchCreate handler): a new row named after the branch,
 * ACTIVE; the branch's previous ACTIVE row becomes INACTIVE. Releases are not touched.
 */
@Injectable()
export class BranchCreateHandler implements VersionHandler<TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  constructor(
    private readonly writer: TemplateVersionWriter,
    private readonly templates: TemplateRepository,
  ) {}

  supports(context: TemplateVersionContext): boolean {
    return context.action === 'CREATE_BRANCH';
  }

  handle(context: TemplateVersionContext, hooks: PersistHooks<DeployTemplateResult, OutboxTransaction>): Promise<DeployTemplateResult> {
    return this.writer.inLockedTransaction(context.templateId, async (tx) => {
      const branch = context.branchName as string;
      const info: TemplateInfoEntity = context.newTemplate
        ? await this.writer.createInfo(tx, context, 'BRANCH')
        : await this.templates.info(context.projectId, context.templateId, tx.manager);
      await hooks.beforePersist(tx);
      await this.writer.deactivateBranch(tx, context.templateId, branch);
      const row = await this.writer.insertVersion(tx, context, {
        status: 'BRANCH',
        baseVersion: info.releasedVersion,
        baseVersionName: info.releasedVersionName,
        draftVersion: 0,
        description: context.description,
        versionName: branch,
        branchAction: 'ACTIVE',
      });
      await this.writer.updateInfo(tx, info, { updater: context.caller.userId, updatedAt: new Date() });
      const result: DeployTemplateResult = {
        version: row.version,
        userId: context.caller.userId,
        projectId: context.projectId,
        templateId: context.templateId,
        templateName: info.name,
        number: row.number,
        versionNum: null,
        versionName: branch,
        versionAction: 'CREATE_BRANCH',
        draftVersion: 0,
      };
      await hooks.afterPersist(result, tx);
      return result;
    });
  }
}
