import { Inject, Injectable } from '@nestjs/common';
import { OutboxTransaction } from '@bkci/messaging';
import { VersionPostProcessor } from '@bkci/template-version';
import { In } from 'typeorm';
import { TemplateDraftVersionEntity } from '../../entities/template-draft-version.entity';
import { TemplateResourceVersionEntity } from '../../entities/template-resource-version.entity';
import { TemplateSettingVersionEntity } from '../../entities/template-setting-version.entity';
import { DeployTemplateResult, TemplateVersionContext } from '../template-version.context';
import { PROCESS_CONFIG, ProcessConfig } from '../../../process.config';

/**
 * Keeps at most `templateMaxReleasedVersions` releases per template: after a release, the oldest
 * beyond the cap are removed with their settings and draft history. The new release, being the
 * latest, is never among them.
 */
@Injectable()
export class ReleaseCapPostProcessor implements VersionPostProcessor<TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  readonly order = 50;

  constructor(@Inject(PROCESS_CONFIG.token) private readonly config: ProcessConfig) {}

  supports(context: TemplateVersionContext): boolean {
    return context.action === 'RELEASE_DRAFT' || context.action === 'CREATE_RELEASE';
  }

  async afterPersist(context: TemplateVersionContext, _result: DeployTemplateResult, tx: OutboxTransaction): Promise<void> {
    const releases = await tx.manager.find(TemplateResourceVersionEntity, {
      select: { version: true, settingVersion: true },
      where: { templateId: context.templateId, status: 'RELEASED' },
      order: { versionNum: 'DESC', version: 'DESC' },
    });
    const surplus = releases.slice(this.config.templateMaxReleasedVersions);
    if (surplus.length === 0) return;
    const { templateId } = context;
    await tx.manager.delete(TemplateDraftVersionEntity, { templateId, version: In(surplus.map((row) => row.version)) });
    await tx.manager.delete(TemplateSettingVersionEntity, { templateId, settingVersion: In(surplus.map((row) => row.settingVersion)) });
    await tx.manager.delete(TemplateResourceVersionEntity, { templateId, version: In(surplus.map((row) => row.version)) });
  }
}
