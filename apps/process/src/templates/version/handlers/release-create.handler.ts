import { Injectable } from '@nestjs/common';
import { OutboxTransaction } from '@bkci/messaging';
import { PersistHooks, VersionHandler } from '@bkci/template-version';
import { TemplateInfoEntity } from '../../entities/template-info.entity';
import { DeployTemplateResult, TemplateVersionContext } from '../template-version.context';
import { TemplateVersionWriter } from '../template-version.writer';

/** A release written directly, as a new version row (BK-CI ReleaseCreate handler; copies use it). */
@Injectable()
export class ReleaseCreateHandler implements VersionHandler<TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  constructor(private readonly writer: TemplateVersionWriter) {}

  supports(context: TemplateVersionContext): boolean {
    return context.action === 'CREATE_RELEASE';
  }

  handle(context: TemplateVersionContext, hooks: PersistHooks<DeployTemplateResult, OutboxTransaction>): Promise<DeployTemplateResult> {
    return this.writer.inLockedTransaction(context.templateId, async (tx) => {
      const { templates: store } = this.writer;
      const info: TemplateInfoEntity = context.newTemplate
        ? await this.writer.createInfo(tx, context, 'RELEASED')
        : await store.info(context.projectId, context.templateId, tx.manager);
      await hooks.beforePersist(tx);
      const release = await this.writer.releaseFields(tx.manager, context.templateId, context.content, context.customVersionName);
      const row = await this.writer.insertVersion(tx, context, {
        status: 'RELEASED',
        baseVersion: null,
        baseVersionName: null,
        draftVersion: 0,
        description: context.description,
        release,
      });
      await store.updateInfo(tx.manager, info, this.writer.released(row, context, release));
      const result: DeployTemplateResult = {
        version: row.version,
        userId: context.caller.userId,
        projectId: context.projectId,
        templateId: context.templateId,
        templateName: context.content.setting.pipelineName,
        number: row.number,
        versionNum: release.versionNum,
        versionName: release.versionName,
        versionAction: 'CREATE_RELEASE',
        draftVersion: 0,
      };
      await hooks.afterPersist(result, tx);
      return result;
    });
  }
}
