import { Injectable } from '@nestjs/common';
import { newId } from '@bkci/core';
import { OutboxTransaction } from '@bkci/messaging';
import { VersionPostProcessor } from '@bkci/template-version';
import { TemplateOperationLogEntity } from '../../entities/template-operation-log.entity';
import { insertRows } from '../../template.repository';
import { DeployTemplateResult, TemplateVersionContext } from '../template-version.context';

/** Every version write leaves one operation log entry, in the write's transaction. */
@Injectable()
export class OperationLogPostProcessor implements VersionPostProcessor<TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  readonly order = 100;

  supports(): boolean {
    return true;
  }

  async afterPersist(context: TemplateVersionContext, result: DeployTemplateResult, tx: OutboxTransaction): Promise<void> {
    await insertRows(tx.manager, TemplateOperationLogEntity, {
      id: newId(),
      projectId: context.projectId,
      templateId: context.templateId,
      version: result.version,
      operationType: context.operation,
      params: { versionName: result.versionName, draftVersion: result.draftVersion },
      operator: context.caller.userId,
      createdAt: new Date(),
    });
  }
}
