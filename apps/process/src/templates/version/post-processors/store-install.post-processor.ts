import { Injectable } from '@nestjs/common';
import { OutboxTransaction } from '@bkci/messaging';
import { VersionPostProcessor } from '@bkci/template-version';
import { TemplateMarketRepository } from '../../market/template-market.repository';
import { DeployTemplateResult, TemplateVersionContext } from '../template-version.context';

/** Records which store version each install brought in (BK-CI PTemplateMarketInstallVersionPostProcessor). */
@Injectable()
export class StoreInstallPostProcessor implements VersionPostProcessor<TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  readonly order = 30;

  constructor(private readonly market: TemplateMarketRepository) {}

  supports(context: TemplateVersionContext): boolean {
    return context.storeSource !== null;
  }

  async afterPersist(context: TemplateVersionContext, result: DeployTemplateResult, tx: OutboxTransaction): Promise<void> {
    const source = context.storeSource as NonNullable<TemplateVersionContext['storeSource']>;
    const install = {
      projectId: context.projectId,
      templateId: context.templateId,
      srcVersion: source.version,
      srcTemplateId: source.templateId,
      installedVersion: result.version,
      installer: context.caller.userId,
      installedAt: new Date(),
    };
    await this.market.addInstall(install, tx.manager);
  }
}
