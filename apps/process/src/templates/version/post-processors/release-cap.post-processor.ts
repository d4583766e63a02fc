import { Inject, Injectable } from '@nestjs/common';
import { OutboxTransaction } from '@bkci/messaging';
import { VersionPostProcessor } from '@bkci/template-version';
import { TemplateVersionRepository } from '../../template-version.repository';
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

  constructor(
    @Inject(PROCESS_CONFIG.token) private readonly config: ProcessConfig,
    private readonly versions: TemplateVersionRepository,
  ) {}

  supports(context: TemplateVersionContext): boolean {
    return context.action === 'RELEASE_DRAFT' || context.action === 'CREATE_RELEASE';
  }

  async afterPersist(context: TemplateVersionContext, _result: DeployTemplateResult, tx: OutboxTransaction): Promise<void> {
    const releases = await this.versions.releaseKeys(context.templateId, tx.manager);
    const surplus = releases.slice(this.config.templateMaxReleasedVersions);
    if (surplus.length === 0) return;
    await this.versions.removeReleases(context.templateId, surplus, tx.manager);
  }
}
