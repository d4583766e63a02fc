import { Injectable } from '@nestjs/common';
import { OutboxTransaction } from '@bkci/messaging';
import { VersionPostProcessor } from '@bkci/template-version';
import { TemplatePacFileRepository } from '../../pac/template-pac-file.repository';
import { TemplateRepository } from '../../template.repository';
import { DeployTemplateResult, TemplateVersionContext } from '../template-version.context';

/** A version written from a PAC file binds the file to its template and marks the template PAC. */
@Injectable()
export class PacFilePostProcessor implements VersionPostProcessor<TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  readonly order = 20;

  constructor(
    private readonly templates: TemplateRepository,
    private readonly pacFiles: TemplatePacFileRepository,
  ) {}

  supports(context: TemplateVersionContext): boolean {
    return context.pacFilePath !== null;
  }

  async afterPersist(context: TemplateVersionContext, _result: DeployTemplateResult, tx: OutboxTransaction): Promise<void> {
    await this.pacFiles.bind(context.projectId, context.pacFilePath as string, context.templateId, tx.manager);
    const info = await this.templates.info(context.projectId, context.templateId, tx.manager);
    if (!info.pac) await this.templates.updateInfo(tx.manager, info, { pac: true });
  }
}
