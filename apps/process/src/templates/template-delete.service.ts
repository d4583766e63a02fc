import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { newId } from '@bkci/core';
import { TemplateError, TemplateErrorCode } from './template.errors';
import { TemplateOperationLogRepository } from './template-operation-log.repository';
import { TemplateVersionRepository } from './template-version.repository';
import { TemplateRepository } from './template.repository';
import { templateResource, TemplateVersionWriter } from './version/template-version.writer';
import { TemplatePipelineRepository } from '../pipelines/template-pipeline.repository';
import { ResourceGroupService } from '../projects/resource-group.service';

/**
 * BK-CI's delete handler: one version (soft) or the whole template, under the template's lock.
 * Deleting writes template versions beside the version manager, not through it: it makes no new
 * version for a converter to build or a handler to write (BK-CI deletes outside its chain too), so
 * it only borrows the writer's lock and transaction.
 */
@Injectable()
export class TemplateDeleteService {
  constructor(
    private readonly writer: TemplateVersionWriter,
    private readonly templates: TemplateRepository,
    private readonly versions: TemplateVersionRepository,
    private readonly operationLog: TemplateOperationLogRepository,
    private readonly instances: TemplatePipelineRepository,
    private readonly resourceGroups: ResourceGroupService,
  ) {}

  /** Marks a version DELETE. The latest release and versions pipelines were made from stay. */
  deleteVersion(caller: Caller, projectId: string, templateId: string, version: number): Promise<void> {
    return this.writer.inLockedTransaction(templateId, async ({ manager }) => {
      const info = await this.templates.info(projectId, templateId, manager);
      const row = await this.templates.version(projectId, templateId, version, manager);
      if (row.version === info.releasedVersion) {
        throw new TemplateError(TemplateErrorCode.LATEST_RELEASE_UNDELETABLE, `Version ${version} is the latest release of template ${templateId}; release another first`);
      }
      const used = await this.instances.versionInstanceCount(projectId, templateId, version, manager);
      if (used > 0) throw hasInstances(templateId, used, version);
      await this.versions.markDeleted(templateId, version, caller.userId, manager);
      if (row.status === 'COMMITTING') {
        await this.templates.updateInfo(manager, info, { latestVersionStatus: info.releasedVersion === null ? 'DELETE' : 'RELEASED', updater: caller.userId, updatedAt: new Date() });
      }
      await this.operationLog.record({
        id: newId(),
        projectId,
        templateId,
        version,
        operationType: 'DELETE_VERSION',
        params: { versionName: row.versionName },
        operator: caller.userId,
        createdAt: new Date(),
      }, manager);
    });
  }

  /** Removes the template and all its versions; refused while pipelines are instances of it or projects use its store copies. */
  deleteTemplate(projectId: string, templateId: string): Promise<void> {
    return this.writer.inLockedTransaction(templateId, async (tx) => {
      const { manager } = tx;
      await this.templates.info(projectId, templateId, manager);
      const used = await this.instances.instanceCount(projectId, templateId, manager);
      if (used > 0) throw hasInstances(templateId, used);
      const copies = await this.templates.storeCopies(templateId, manager);
      if (copies > 0) {
        throw new TemplateError(TemplateErrorCode.STORE_IN_USE, `Template ${templateId} is installed from the store in ${copies} project(s); it cannot be deleted while they use it`, { copies });
      }
      await this.templates.remove(projectId, templateId, manager);
      await this.resourceGroups.forget(tx, templateResource(projectId, templateId));
    });
  }
}

function hasInstances(templateId: string, count: number, version?: number): TemplateError {
  const what = version === undefined ? `template ${templateId}` : `version ${version} of template ${templateId}`;
  return new TemplateError(TemplateErrorCode.HAS_INSTANCES, `${count} pipeline(s) are instances of ${what}; delete or detach them first`, { count });
}
