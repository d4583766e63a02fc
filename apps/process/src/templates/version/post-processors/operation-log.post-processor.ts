import { Injectable } from '@nestjs/common';
import { newId } from '@bkci/core';
import { OutboxTransaction } from '@bkci/messaging';
import { VersionPostProcessor } from '@bkci/template-version';
import { TemplateOperationLogRepository } from '../../template-operation-log.repository';
import { DeployTemplateResult, TemplateVersionContext } from '../template-version.context';

/** Every version write leaves one operation log entry, in the write's transaction. */
@Injectable()
export class OperationLogPostProcessor implements VersionPostProcessor<TemplateVersionContext, DeployTemplateResult, OutboxTransaction> {
  readonly order = 100;

  constructor(private readonly operationLog: TemplateOperationLogRepository) {}

  supports(): boolean {
    return true;
  }

  async afterPersist(context: TemplateVersionContext, result: DeployTemplateResult, tx: OutboxTransaction): Promise<void> {
    await this.operationLog.record({
      id: newId(),
      projectId: context.projectId,
      templateId: context.templateId,
      version: result.version,
      operationType: context.operation,
      params: { versionName: result.versionName, draftVersion: result.draftVersion },
      operator: context.caller.userId,
      createdAt: new Date(),
    }, tx.manager);
  }
}
