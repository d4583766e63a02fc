import { Injectable } from '@nestjs/common';
import { LockService } from '@bkci/locking';
import { OutboxService, OutboxTransaction } from '@bkci/messaging';
import { defaultVersionName, nextReleaseCounters, ReleaseCounters, VersionStatus } from '@bkci/template-version';
import { TemplateInfoEntity } from '../entities/template-info.entity';
import { TemplateResourceVersionEntity } from '../entities/template-resource-version.entity';
import { TemplateSettingVersionEntity } from '../entities/template-setting-version.entity';
import { ResourceGroupService } from '../../projects/resource-group.service';
import { TemplateError, TemplateErrorCode } from '../template.errors';
import { TemplateVersionRepository } from '../template-version.repository';
import { TemplateRepository } from '../template.repository';
import { TemplateContent, TemplateVersionContext } from './template-version.context';

/** BK-CI's PipelineTemplateModelLock: every version write and delete of one template, one at a time. */
export const templateLockKey = (templateId: string) => `pipeline:template:model.lock.${templateId}`;
const LOCK_TTL_MS = 300_000;
/** How long a write waits for the template's lock before answering "busy, retry". */
const LOCK_WAIT_MS = 30_000;

/** A template as a resource of resource-level permissions. */
export const templateResource = (projectId: string, templateId: string) => ({ projectId, resourceType: 'pipeline_template' as const, resourceCode: templateId });

/** The release fields of a new release: counters and its name. */
export interface ReleaseFields extends ReleaseCounters {
  versionName: string;
}

/**
 * The writes the version handlers share, each in the transaction the handler holds. Template versions
 * are written here, under the version manager, except where a write makes no new version: deleting a
 * version or a template (TemplateDeleteService), publishing to and detaching from the store (market/),
 * and a PAC branch deletion deactivating its versions (pac/). They take the same lock
 * (`inLockedTransaction`) but go beside the manager, as in BK-CI.
 */
@Injectable()
export class TemplateVersionWriter {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly versions: TemplateVersionRepository,
    private readonly outbox: OutboxService,
    private readonly locks: LockService,
    private readonly resourceGroups: ResourceGroupService,
  ) {}

  /** Runs `work` in one transaction, holding the template's lock. */
  async inLockedTransaction<T>(templateId: string, work: (tx: OutboxTransaction) => Promise<T>): Promise<T> {
    const lock = await this.locks.acquire(templateLockKey(templateId), { ttlMs: LOCK_TTL_MS, waitMs: LOCK_WAIT_MS });
    try {
      return await this.outbox.transaction(work);
    } finally {
      await lock.release();
    }
  }

  /** The head row of a template this operation creates; its creator becomes the template's manager. */
  async createInfo(tx: OutboxTransaction, context: TemplateVersionContext, status: VersionStatus): Promise<TemplateInfoEntity> {
    const { newTemplate, content, caller } = context;
    if (!newTemplate) throw new Error('createInfo needs a new template');
    const now = new Date();
    const info: TemplateInfoEntity = {
      id: context.templateId,
      projectId: context.projectId,
      name: content.setting.pipelineName,
      description: content.setting.desc,
      mode: newTemplate.mode,
      type: context.type,
      upgradeStrategy: 'AUTO',
      settingSyncStrategy: 'AUTO',
      publishStrategy: 'AUTO',
      category: newTemplate.category,
      logoUrl: newTemplate.logoUrl,
      pac: false,
      releasedVersion: null,
      releasedVersionName: null,
      releasedSettingVersion: null,
      latestVersionStatus: status,
      storeStatus: 'NEVER_PUBLISHED',
      srcTemplateId: newTemplate.srcTemplateId,
      srcTemplateProjectId: newTemplate.srcTemplateProjectId,
      revision: 0,
      creator: caller.userId,
      updater: caller.userId,
      createdAt: now,
      updatedAt: now,
    };
    await this.templates.insertInfo(info, tx.manager);
    await this.resourceGroups.register(tx, templateResource(info.projectId, info.id), caller.userId);
    return info;
  }

  /** A new version row with its own setting row (new version id, number and setting version). */
  async insertVersion(
    tx: OutboxTransaction,
    context: TemplateVersionContext,
    fields: Pick<TemplateResourceVersionEntity, 'status' | 'baseVersion' | 'baseVersionName' | 'draftVersion' | 'description'> &
      Partial<Pick<TemplateResourceVersionEntity, 'versionName' | 'branchAction'>> & { release?: ReleaseFields },
  ): Promise<TemplateResourceVersionEntity> {
    const version = await this.templates.allocateVersion(tx.manager, context.templateId);
    const { number, settingVersion } = await this.templates.nextNumbers(tx.manager, context.templateId);
    const now = new Date();
    const { release, ...rest } = fields;
    const row: TemplateResourceVersionEntity = {
      templateId: context.templateId,
      version,
      projectId: context.projectId,
      number,
      settingVersion,
      type: context.type,
      versionName: release?.versionName ?? null,
      versionNum: release?.versionNum ?? null,
      pipelineVersion: release?.pipelineVersion ?? null,
      triggerVersion: release?.triggerVersion ?? null,
      settingVersionNum: release?.settingVersionNum ?? null,
      params: context.content.params,
      model: context.content.model,
      yaml: context.content.yaml,
      branchAction: null,
      sortWeight: rest.status === 'COMMITTING' ? 100 : 0,
      releaseTime: release ? now : null,
      creator: context.caller.userId,
      updater: context.caller.userId,
      createdAt: now,
      updatedAt: now,
      ...rest,
    };
    await this.versions.insert(row, settingOf(context, settingVersion, now), tx.manager);
    return row;
  }

  /** One save of a draft, kept for the draft history and rollback. */
  async recordDraftSave(tx: OutboxTransaction, context: TemplateVersionContext, draft: TemplateResourceVersionEntity, baseDraftVersion: number | null): Promise<void> {
    await this.versions.recordDraftSave({
      templateId: context.templateId,
      version: draft.version,
      draftVersion: draft.draftVersion,
      projectId: context.projectId,
      baseDraftVersion,
      model: context.content.model,
      params: context.content.params,
      setting: context.content.setting,
      creator: context.caller.userId,
      createdAt: new Date(),
    }, tx.manager);
  }

  /**
   * Saves `draft` over the live draft `current` in place, with the context's setting; a draft saved
   * again since `current` was read is CONCURRENT_UPDATE.
   */
  async saveDraftInPlace(tx: OutboxTransaction, context: TemplateVersionContext, current: TemplateResourceVersionEntity, draft: TemplateResourceVersionEntity): Promise<void> {
    const { templateId, version, ...changes } = draft;
    const updated = await this.versions.updateDraft(templateId, version, current.draftVersion, changes, tx.manager);
    if (updated === 0) throw new TemplateError(TemplateErrorCode.CONCURRENT_UPDATE, `The draft of template ${templateId} was changed by another operation; retry`);
    await this.versions.replaceSetting(settingOf(context, current.settingVersion, new Date()), tx.manager);
  }

  /** The draft `draft` becomes a release with `release`'s counters and name. */
  async releaseDraft(tx: OutboxTransaction, context: TemplateVersionContext, draft: TemplateResourceVersionEntity, release: ReleaseFields): Promise<void> {
    const now = new Date();
    await this.versions.releaseDraft(context.templateId, draft.version, {
      status: 'RELEASED',
      versionName: release.versionName,
      versionNum: release.versionNum,
      pipelineVersion: release.pipelineVersion,
      triggerVersion: release.triggerVersion,
      settingVersionNum: release.settingVersionNum,
      description: context.description,
      sortWeight: 0,
      releaseTime: now,
      updater: context.caller.userId,
      updatedAt: now,
    }, tx.manager);
  }

  /** The branch's ACTIVE version becomes INACTIVE, before a new one is written. */
  async deactivateBranch(tx: OutboxTransaction, templateId: string, branch: string): Promise<void> {
    await this.versions.deactivateBranch(templateId, branch, tx.manager);
  }

  /** Changes the head row (compare-and-set, see TemplateRepository.updateInfo). */
  updateInfo(tx: OutboxTransaction, info: TemplateInfoEntity, changes: Partial<TemplateInfoEntity>): Promise<TemplateInfoEntity> {
    return this.templates.updateInfo(tx.manager, info, changes);
  }

  /**
   * Counters and name of a new release of `content`; a custom name already used by a release is
   * VERSION_NAME_EXISTS. Outside a transaction (`tx` absent) it only reads, to preview a release.
   */
  async releaseFields(templateId: string, content: TemplateContent, customName: string | null, tx?: OutboxTransaction): Promise<ReleaseFields> {
    const manager = tx?.manager;
    const previous = await this.templates.latestRelease(templateId, manager);
    const previousSetting = previous ? (await this.templates.setting(templateId, previous.settingVersion, manager)).setting : null;
    const counters = nextReleaseCounters(
      previous
        ? {
            model: previous.model,
            setting: previousSetting,
            versionNum: previous.versionNum ?? 0,
            pipelineVersion: previous.pipelineVersion ?? 0,
            triggerVersion: previous.triggerVersion ?? 0,
            settingVersionNum: previous.settingVersionNum ?? 0,
          }
        : null,
      content,
    );
    const versionName = customName ?? defaultVersionName(counters);
    const taken = await this.versions.hasReleaseNamed({ templateId, versionName }, manager);
    if (taken) {
      throw new TemplateError(TemplateErrorCode.VERSION_NAME_EXISTS, `Template ${templateId} already has a release named "${versionName}"`, { versionName });
    }
    return { ...counters, versionName };
  }

  /** The head row after a release of `row`. */
  released(row: TemplateResourceVersionEntity, context: TemplateVersionContext, release: ReleaseFields): Partial<TemplateInfoEntity> {
    return {
      name: context.content.setting.pipelineName,
      description: context.content.setting.desc,
      releasedVersion: row.version,
      releasedVersionName: release.versionName,
      releasedSettingVersion: row.settingVersion,
      latestVersionStatus: 'RELEASED',
      updater: context.caller.userId,
      updatedAt: new Date(),
    };
  }
}

/** The setting row of a version: the context's setting under `settingVersion`. */
function settingOf(context: TemplateVersionContext, settingVersion: number, createdAt: Date): TemplateSettingVersionEntity {
  return { templateId: context.templateId, settingVersion, projectId: context.projectId, setting: context.content.setting, creator: context.caller.userId, createdAt };
}
