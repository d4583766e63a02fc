import { Injectable } from '@nestjs/common';
import { OutboxTransaction } from '@bkci/messaging';
import { PersistHooks, VersionHandler } from '@bkci/template-version';
import { TemplateResourceVersionEntity } from '../../entities/template-resource-version.entity';
import { TemplateError, TemplateErrorCode } from '../../template.errors';
import { updateRows } from '../../template.repository';
import { DeployTemplateResult, TemplateVersionContext } from '../template-version.context';
import { TemplateVersionWriter } from '../template-version.writer';

/**
 * Releases the draft in place (BK-CI DraftRelease handler): the row keeps its version, number and
 * setting version and becomes RELEASED with the next release counters and its name.
 */
@Injectable()
export class DraftReleaseHandler implements VersionHandler<TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  constructor(private readonly writer: TemplateVersionWriter) {}

  supports(context: TemplateVersionContext): boolean {
    return context.action === 'RELEASE_DRAFT';
  }

  handle(context: TemplateVersionContext, hooks: PersistHooks<DeployTemplateResult, OutboxTransaction>): Promise<DeployTemplateResult> {
    return this.writer.inLockedTransaction(context.templateId, async (tx) => {
      const { templates: store } = this.writer;
      const version = context.version as number;
      const info = await store.info(context.projectId, context.templateId, tx.manager);
      const draft = await store.version(context.projectId, context.templateId, version, tx.manager);
      if (draft.status !== 'COMMITTING') {
        throw new TemplateError(TemplateErrorCode.NOT_A_DRAFT, `Version ${version} of template ${context.templateId} is ${draft.status}, not the draft`);
      }
      await hooks.beforePersist(tx);
      const release = await this.writer.releaseFields(tx.manager, context.templateId, context.content, context.customVersionName);
      const now = new Date();
      await updateRows(tx.manager, TemplateResourceVersionEntity, { templateId: context.templateId, version, status: 'COMMITTING' }, {
        status: 'RELEASED',
        versionName: release.versionName,
        versionNum: release.versionNum,
        pipelineVersion: release.pipelineVersion,
        triggerVersion: release.triggerVersion,
        settingVersionNum: release.settingVersionNum,
        description: context.description,
        sortWeight: 0,
        releaseTime: now,
        updater: context.caller.userId,
        updatedAt: now,
      });
      await store.updateInfo(tx.manager, info, this.writer.released(draft, context, release));
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
