import { Injectable } from '@nestjs/common';
import { OutboxTransaction } from '@bkci/messaging';
import { PersistHooks, VersionHandler } from '@bkci/template-version';
import { TemplateInfoEntity } from '../../entities/template-info.entity';
import { TemplateRepository } from '../../template.repository';
import { DeployTemplateResult, TemplateVersionContext } from '../template-version.context';
import { TemplateVersionWriter } from '../template-version.writer';

/** A release written directly, as a new version row (BK-CI ReleaseCreate handler; copies use it). */
@Injectable()
export class ReleaseCreateHandler implements VersionHandler<TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  constructor(
    private readonly writer: TemplateVersionWriter,
    private readonly templates: TemplateRepository,
  ) {}

  supports(context: TemplateVersionContext): boolean {
    return context.action === 'CREATE_RELEASE';
  }

  handle(context: TemplateVersionContext, hooks: PersistHooks<DeployTemplateResult, OutboxTransaction>): Promise<DeployTemplateResult> {
    return this.writer.inLockedTransaction(context.templateId, async (tx) => {
      const info: TemplateInfoEntity = context.newTemplate
        ? await this.writer.createInfo(tx, context, 'RELEASED')
        : await this.templates.info(context.projectId, context.templateId, tx.manager);
      await hooks.beforePersist(tx);
      const release = await this.writer.releaseFields(context.templateId, context.content, context.customVersionName, tx);
      const row = await this.writer.insertVersion(tx, context, {
        status: 'RELEASED',
        baseVersion: null,
        baseVersionName: null,
        draftVersion: 0,
        description: context.description,
        release,
      });
      await this.writer.updateInfo(tx, info, this.writer.released(row, context, release));
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
