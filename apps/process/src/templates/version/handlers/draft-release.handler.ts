import { Injectable } from '@nestjs/common';
import { OutboxTransaction } from '@bkci/messaging';
import { PersistHooks, VersionHandler } from '@bkci/template-version';
import { TemplateError, TemplateErrorCode } from '../../template.errors';
import { TemplateRepository } from '../../template.repository';
import { DeployTemplateResult, TemplateVersionContext } from '../template-version.context';
import { TemplateVersionWriter } from '../template-version.writer';

/**
 * Releases the draft in place (BK-CI DraftRelease handler): the row keeps its version, number and
 * setting version and becomes RELEASED with the next release counters and its name.
 */
@Injectable()
export class DraftReleaseHandler implements VersionHandler<TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  constructor(
    private readonly writer: TemplateVersionWriter,
    private readonly templates: TemplateRepository,
  ) {}

  supports(context: TemplateVersionContext): boolean {
    return context.action === 'RELEASE_DRAFT';
  }

  handle(context: TemplateVersionContext, hooks: PersistHooks<DeployTemplateResult, OutboxTransaction>): Promise<DeployTemplateResult> {
    return this.writer.inLockedTransaction(context.templateId, async (tx) => {
      const version = context.version as number;
      const info = await this.templates.info(context.projectId, context.templateId, tx.manager);
      const draft = await this.templates.version(context.projectId, context.templateId, version, tx.manager);
      if (draft.status !== 'COMMITTING') {
        throw new TemplateError(TemplateErrorCode.NOT_A_DRAFT, `Version ${version} of template ${context.templateId} is ${draft.status}, not the draft`);
      }
      await hooks.beforePersist(tx);
      const release = await this.writer.releaseFields(context.templateId, context.content, context.customVersionName, tx);
      await this.writer.releaseDraft(tx, context, draft, release);
      await this.writer.updateInfo(tx, info, this.writer.released(draft, context, release));
      const result: DeployTemplateResult = {
        version,
        userId: context.caller.userId,
        projectId: context.projectId,
        templateId: context.templateId,
        templateName: context.content.setting.pipelineName,
        number: draft.number,
        versionNum: release.versionNum,
        versionName: release.versionName,
        versionAction: 'RELEASE_DRAFT',
        draftVersion: draft.draftVersion,
      };
      await hooks.afterPersist(result, tx);
      return result;
    });
  }
}
