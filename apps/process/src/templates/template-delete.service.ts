import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { newId } from '@bkci/core';
import { TemplateDraftVersionEntity } from './entities/template-draft-version.entity';
import { TemplateInfoEntity } from './entities/template-info.entity';
import { TemplateOperationLogEntity } from './entities/template-operation-log.entity';
import { TemplatePacFileEntity } from './entities/template-pac-file.entity';
import { TemplateStoreInstallEntity } from './entities/template-store-install.entity';
import { TemplateStoreVersionEntity } from './entities/template-store-version.entity';
import { TemplateResourceVersionEntity } from './entities/template-resource-version.entity';
import { TemplateSettingVersionEntity } from './entities/template-setting-version.entity';
import { TemplateVersionIdEntity } from './entities/template-version-id.entity';
import { TemplateError, TemplateErrorCode } from './template.errors';
import { insertRows, updateRows } from './template.repository';
import { templateResource, TemplateVersionWriter } from './version/template-version.writer';
import { TemplatePipelineRepository } from '../pipelines/template-pipeline.repository';
import { ResourceGroupService } from '../projects/resource-group.service';

/** BK-CI's delete handler: one version (soft) or the whole template, under the template's lock. */
@Injectable()
export class TemplateDeleteService {
  constructor(
    private readonly writer: TemplateVersionWriter,
    private readonly instances: TemplatePipelineRepository,
    private readonly resourceGroups: ResourceGroupService,
  ) {}

  /** Marks a version DELETE. The latest release and versions pipelines were made from stay. */
  deleteVersion(caller: Caller, projectId: string, templateId: string, version: number): Promise<void> {
    return this.writer.inLockedTransaction(templateId, async ({ manager }) => {
      const { templates: store } = this.writer;
      const info = await store.info(projectId, templateId, manager);
      const row = await store.version(projectId, templateId, version, manager);
      if (row.version === info.releasedVersion) {
        throw new TemplateError(TemplateErrorCode.LATEST_RELEASE_UNDELETABLE, `Version ${version} is the latest release of template ${templateId}; release another first`);
      }
      const used = await this.instances.versionInstanceCount(projectId, templateId, version, manager);
      if (used > 0) throw hasInstances(templateId, used, version);
      await updateRows(manager, TemplateResourceVersionEntity, { templateId, version }, { status: 'DELETE', updater: caller.userId, updatedAt: new Date() });
      if (row.status === 'COMMITTING') {
        await store.updateInfo(manager, info, { latestVersionStatus: info.releasedVersion === null ? 'DELETE' : 'RELEASED', updater: caller.userId, updatedAt: new Date() });
      }
      await insertRows(manager, TemplateOperationLogEntity, {
        id: newId(),
        projectId,
        templateId,
        version,
        operationType: 'DELETE_VERSION',
        params: { versionName: row.versionName },
        operator: caller.userId,
        createdAt: new Date(),
      });
    });
  }

  /** Removes the template and all its versions; refused while pipelines are instances of it or projects use its store copies. */
  deleteTemplate(projectId: string, templateId: string): Promise<void> {
    return this.writer.inLockedTransaction(templateId, async (tx) => {
      const { manager } = tx;
      await this.writer.templates.info(projectId, templateId, manager);
      const used = await this.instances.instanceCount(projectId, templateId, manager);
      if (used > 0) throw hasInstances(templateId, used);
      const copies = await manager.countBy(TemplateInfoEntity, { srcTemplateId: templateId, mode: 'CONSTRAINT' });
      if (copies > 0) {
        throw new TemplateError(TemplateErrorCode.STORE_IN_USE, `Template ${templateId} is installed from the store in ${copies} project(s); it cannot be deleted while they use it`, { copies });
      }
      for (const entity of [
        TemplateDraftVersionEntity,
        TemplateSettingVersionEntity,
        TemplateResourceVersionEntity,
        TemplateVersionIdEntity,
        TemplateOperationLogEntity,
        TemplatePacFileEntity,
        TemplateStoreVersionEntity,
        TemplateStoreInstallEntity,
      ]) {
        await manager.delete(entity, { templateId });
      }
      await manager.delete(TemplateInfoEntity, { projectId, id: templateId });
      await this.resourceGroups.forget(tx, templateResource(projectId, templateId));
    });
  }
}

function hasInstances(templateId: string, count: number, version?: number): TemplateError {
  const what = version === undefined ? `template ${templateId}` : `version ${version} of template ${templateId}`;
  return new TemplateError(TemplateErrorCode.HAS_INSTANCES, `${count} pipeline(s) are instances of ${what}; delete or detach them first`, { count });
}
