import { Injectable } from '@nestjs/common';
import { OutboxTransaction } from '@bkci/messaging';
import { PersistHooks, VersionHandler } from '@bkci/template-version';
import { TemplateResourceVersionEntity } from '../../entities/template-resource-version.entity';
import { TemplateError, TemplateErrorCode } from '../../template.errors';
import { TemplateRepository } from '../../template.repository';
import { DeployTemplateResult, TemplateVersionContext } from '../template-version.context';
import { TemplateVersionWriter } from '../template-version.writer';

/**
 * Saves the draft (BK-CI DraftSave handler). The first save of a template creates it; without a
 * live draft a new one starts from the given or latest release; otherwise the draft is updated in
 * place and the save is appended to its history. An editor who started from an older save than
 * the draft's latest gets DRAFT_CONFLICT instead of overwriting someone else's work. A new name or
 * description in the saved setting waits in the draft: the template's head row keeps its name until
 * the draft is released (BK-CI's rule; prefetch shows the name the release will give).
 */
@Injectable()
export class DraftSaveHandler implements VersionHandler<TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  constructor(
    private readonly writer: TemplateVersionWriter,
    private readonly templates: TemplateRepository,
  ) {}

  supports(context: TemplateVersionContext): boolean {
    return context.action === 'SAVE_DRAFT';
  }

  handle(context: TemplateVersionContext, hooks: PersistHooks<DeployTemplateResult, OutboxTransaction>): Promise<DeployTemplateResult> {
    return this.writer.inLockedTransaction(context.templateId, async (tx) => {
      await hooks.beforePersist(tx);
      const draft = context.newTemplate ? await this.createTemplate(tx, context) : await this.saveDraft(tx, context);
      await this.writer.recordDraftSave(tx, context, draft, context.baseDraftVersion);
      // The draft keeps its name in its setting; the template is renamed only when it is released.
      const { name } = await this.templates.info(context.projectId, context.templateId, tx.manager);
      const result: DeployTemplateResult = {
        version: draft.version,
        userId: context.caller.userId,
        projectId: context.projectId,
        templateId: context.templateId,
        templateName: name,
        number: draft.number,
        versionNum: null,
        versionName: null,
        versionAction: 'SAVE_DRAFT',
        draftVersion: draft.draftVersion,
      };
      await hooks.afterPersist(result, tx);
      return result;
    });
  }

  private async createTemplate(tx: OutboxTransaction, context: TemplateVersionContext): Promise<TemplateResourceVersionEntity> {
    await this.writer.createInfo(tx, context, 'COMMITTING');
    return this.writer.insertVersion(tx, context, { status: 'COMMITTING', baseVersion: null, baseVersionName: null, draftVersion: 1, description: null });
  }

  private async saveDraft(tx: OutboxTransaction, context: TemplateVersionContext): Promise<TemplateResourceVersionEntity> {
    const info = await this.templates.info(context.projectId, context.templateId, tx.manager);
    const current = await this.templates.draft(context.templateId, tx.manager);
    if (current && context.baseDraftVersion !== null && context.baseDraftVersion !== current.draftVersion) {
      throw new TemplateError(
        TemplateErrorCode.DRAFT_CONFLICT,
        `The draft was saved again (save ${current.draftVersion}) after the save ${context.baseDraftVersion} this edit started from; reload it first`,
        { draftVersion: current.draftVersion },
      );
    }
    const baseVersion = context.baseVersion ?? current?.baseVersion ?? info.releasedVersion;
    const base = baseVersion === null ? null : await this.templates.version(context.projectId, context.templateId, baseVersion, tx.manager);
    let draft: TemplateResourceVersionEntity;
    if (current === null) {
      draft = await this.writer.insertVersion(tx, context, {
        status: 'COMMITTING',
        baseVersion: base?.version ?? null,
        baseVersionName: base?.versionName ?? null,
        draftVersion: 1,
        description: null,
      });
    } else {
      draft = {
        ...current,
        model: context.content.model,
        params: context.content.params,
        yaml: context.content.yaml,
        baseVersion: base?.version ?? null,
        baseVersionName: base?.versionName ?? null,
        draftVersion: current.draftVersion + 1,
        updater: context.caller.userId,
        updatedAt: new Date(),
      };
      await this.writer.saveDraftInPlace(tx, context, current, draft);
    }
    await this.writer.updateInfo(tx, info, { latestVersionStatus: 'COMMITTING', updater: context.caller.userId, updatedAt: new Date() });
    return draft;
  }
}
