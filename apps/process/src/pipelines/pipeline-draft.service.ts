import { Injectable } from '@nestjs/common';
import { Action, Caller, PermissionChecker } from '@bkci/auth';
import { CommonError, CommonErrorCode } from '@bkci/core';
import { OutboxService } from '@bkci/messaging';
import { isUniqueViolation } from '@bkci/persistence';
import { Model } from '@bkci/pipeline-model';
import { DeployPipelineResult, deployResult, PipelineDetail, PipelineReleaseDraftDto, PipelineSaveDraftDto } from './dto/pipeline-draft.dto';
import { DRAFT_STATUS, PipelineVersion, RELEASED_STATUS, toPipelineVersion } from './dto/pipeline.dto';
import { canManualStartup } from './pipeline-list.service';
import { draftNotFound, readContent } from './pipeline-content';
import { defaultSetting, versionRow } from './pipeline-resource';
import { nameExists, PipelineError, PipelineErrorCode } from './pipeline.errors';
import { PipelineRepository } from './pipeline.repository';
import { PipelineService } from './pipeline.service';
import { YamlWorkers } from '../yaml-workers/yaml-workers';
import { PipelineTimerRegistry } from '../builds/timers/pipeline-timer.registry';

/**
 * BK-CI's draft and release of a pipeline (PipelineVersionFacadeService.savePipelineDraft and
 * releaseDraftVersion), which is how its console creates and edits a pipeline, as a Model or as
 * v3.0 YAML. A pipeline has at most one draft, numbered one after its latest release; releasing
 * it makes it the latest release. A YAML draft keeps the client's YAML text beside the Model.
 */
@Injectable()
export class PipelineDraftService {
  constructor(
    private readonly pipelines: PipelineRepository,
    private readonly pipelineService: PipelineService,
    private readonly outbox: OutboxService,
    private readonly yamlWorkers: YamlWorkers,
    private readonly permissions: PermissionChecker,
    private readonly timers: PipelineTimerRegistry,
  ) {}

  /** Saves the draft; without a pipelineId, creates the pipeline with this draft as its only version. */
  async saveDraft(caller: Caller, projectId: string, body: PipelineSaveDraftDto): Promise<DeployPipelineResult> {
    if (body.pipelineId === undefined) return this.createWithDraft(caller, projectId, body);
    const pipelineId = body.pipelineId;
    const info = await this.pipelines.info(projectId, pipelineId);
    const draft = await this.pipelines.draft(pipelineId);
    // What the pipeline is now: its draft, else its latest release (none for a pipeline created by a draft that was replaced).
    const current = draft ?? (info.latestVersion === 0 ? null : await this.pipelines.latestVersion(info));
    const fallback = current ? toPipelineVersion(current).setting : defaultSetting(info.pipelineName, info.desc);
    const content = await readContent(this.yamlWorkers, body, fallback, current?.yaml ?? null);
    const now = new Date();
    const row = await versionRow(this.yamlWorkers, {
      pipelineId,
      projectId,
      version: info.latestVersion + 1,
      versionName: '',
      model: content.model,
      setting: content.setting,
      baseVersion: info.latestVersion === 0 ? null : info.latestVersion,
      versionAction: 'SAVE_DRAFT',
      creator: caller.userId,
      now,
      yaml: content.yaml ?? undefined,
    });
    await this.outbox.transaction(async ({ manager }) => {
      if (!(await this.pipelines.touch(pipelineId, info.revision, { updater: caller.userId, updatedAt: now }, manager))) throw saveConflict(pipelineId);
      await this.pipelines.replaceDraft({ ...row, status: DRAFT_STATUS }, manager);
    });
    return deployResult(pipelineId, content.setting.pipelineName, row.version, null);
  }

  /** Releases draft `version`: it becomes the pipeline's latest version, under its name (which must be free). */
  async releaseDraft(caller: Caller, projectId: string, pipelineId: string, version: number, body: PipelineReleaseDraftDto): Promise<DeployPipelineResult> {
    if (body.enablePac === true) {
      throw new CommonError(CommonErrorCode.PARAMETER_INVALID, 'enablePac must be false: pipelines as code (committing the YAML to a repository) is not offered');
    }
    const info = await this.pipelines.info(projectId, pipelineId);
    const draft = await this.pipelines.draft(pipelineId);
    if (!draft || draft.version !== version) throw draftNotFound(pipelineId, version);
    const { setting } = toPipelineVersion(draft);
    const versionName = `V${version}`;
    const now = new Date();
    await this.outbox.transaction(async ({ manager }) => {
      let swapped: boolean;
      try {
        swapped = await this.pipelines.swapLatest(
          pipelineId,
          info.revision,
          {
            pipelineName: setting.pipelineName,
            activeName: setting.pipelineName,
            desc: setting.desc,
            latestVersion: version,
            latestVersionName: versionName,
            instanceFromTemplate: info.instanceFromTemplate,
            updater: caller.userId,
            updatedAt: now,
          },
          manager,
        );
      } catch (error) {
        if (isUniqueViolation(error)) throw nameExists(projectId, setting.pipelineName);
        throw error;
      }
      if (!swapped || !(await this.pipelines.releaseDraft(pipelineId, version, { versionName, versionAction: 'RELEASE_DRAFT' }, manager))) {
        throw saveConflict(pipelineId);
      }
      await this.timers.released(projectId, pipelineId, draft.model as Model, caller.userId, manager);
    });
    return deployResult(pipelineId, setting.pipelineName, version, { versionNum: version, versionName });
  }

  /** The pipeline's draft (what a debug build runs), or a 404. */
  async getDraft(projectId: string, pipelineId: string): Promise<PipelineVersion> {
    await this.pipelines.info(projectId, pipelineId);
    const draft = await this.pipelines.draft(pipelineId);
    if (!draft) throw draftNotFound(pipelineId);
    return toPipelineVersion(draft);
  }

  /** BK-CI's getPipelineDetailIncludeDraft, for the caller (whose permissions it lists). */
  async detail(caller: Caller, projectId: string, pipelineId: string): Promise<PipelineDetail> {
    const info = await this.pipelines.info(projectId, pipelineId);
    const draftRow = await this.pipelines.draft(pipelineId);
    const draft = draftRow && toPipelineVersion(draftRow);
    const releaseRow = info.latestVersion === 0 ? null : await this.pipelines.latestVersion(info);
    const release = releaseRow && toPipelineVersion(releaseRow);
    const baseRow = draft?.baseVersion ? await this.pipelines.version(pipelineId, draft.baseVersion) : null;
    const relation = await this.pipelineService.getTemplateRelation(projectId, pipelineId);
    const [canManage, canDelete, canView, canEdit, canExecute, canDownload, canShare, canArchive] = await Promise.all(
      PERMISSION_ACTIONS.map((action) => this.permissions.allows(caller, projectId, action, pipelineId)),
    );
    const shown = draft ?? release!;
    return {
      pipelineId,
      pipelineName: info.pipelineName,
      hasCollect: false,
      canManualStartup: release ? canManualStartup(release.model) : false,
      canDebug: draft !== null,
      canRelease: draft !== null && draft.model.stages.length > 1,
      instanceFromTemplate: info.instanceFromTemplate,
      templateId: relation?.templateId ?? null,
      templateVersion: relation?.templateVersion ?? null,
      version: shown.version,
      versionName: draft ? null : shown.versionName,
      versionStatus: shown.status,
      baseVersion: baseRow?.version ?? null,
      baseVersionStatus: baseRow?.status ?? null,
      baseVersionName: baseRow?.versionName ?? null,
      releaseVersion: release?.version ?? null,
      releaseVersionName: release?.versionName ?? null,
      hasPermission: canView,
      pipelineDesc: info.desc,
      creator: info.creator,
      createTime: info.createdAt.getTime(),
      updateTime: info.updatedAt.getTime(),
      viewNames: [],
      permissions: { canManage, canDelete, canView, canEdit, canExecute, canDownload, canShare, canArchive },
      runLockType: release?.setting.runLockType ?? null,
      latestVersionStatus: release ? RELEASED_STATUS : DRAFT_STATUS,
      pipelineAsCodeSettings: { enable: false },
      yamlInfo: null,
      yamlExist: false,
      locked: false,
      buildCancelPolicy: release?.setting.buildCancelPolicy ?? null,
    };
  }

  private async createWithDraft(caller: Caller, projectId: string, body: PipelineSaveDraftDto): Promise<DeployPipelineResult> {
    const content = await readContent(this.yamlWorkers, body, defaultSetting('', ''));
    const [pipeline] = await this.pipelineService.prepareNew(caller, projectId, [
      { model: content.model, setting: content.setting, yaml: content.yaml ?? undefined, draft: true, versionAction: 'SAVE_DRAFT' },
    ]);
    const [created] = await this.pipelineService.insertNew(projectId, [{ pipeline, relation: null }]);
    return deployResult(created.pipelineId, content.setting.pipelineName, created.version, null);
  }
}

/** In the order of PipelinePermissions' fields. */
const PERMISSION_ACTIONS: Action[] = ['pipeline_manage', 'pipeline_delete', 'pipeline_view', 'pipeline_edit', 'pipeline_execute', 'pipeline_download', 'pipeline_share', 'pipeline_archive'];

function saveConflict(pipelineId: string): PipelineError {
  return new PipelineError(PipelineErrorCode.SAVE_CONFLICT, `Pipeline ${pipelineId} was changed by another save at the same time; reload it and save again`);
}
