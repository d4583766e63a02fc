import { Inject, Injectable } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { DomainError, newId, Page, PageQueryDto, resolvePaging, toPage } from '@bkci/core';
import { OutboxService } from '@bkci/messaging';
import { emitEvent, INSTANCE_BATCH_REQUESTED } from '@bkci/contracts';
import { Model } from '@bkci/pipeline-model';
import { invalid } from '../template-content';
import { TemplateError, TemplateErrorCode } from '../template.errors';
import { TemplateRepository } from '../template.repository';
import { InstanceReleaseInfoDto, InstancesRequestDto } from './dto/instances-request.dto';
import { InstanceBaseStatus, TemplateInstanceBaseEntity } from './entities/template-instance-base.entity';
import { InstanceItemStatus } from './entities/template-instance-item.entity';
import { InstanceDeployer, InstanceKind, TemplateSource } from './instance-deployer';
import { InstanceItemSummary, TemplateInstanceRepository, UNFINISHED } from './template-instance.repository';
import { PROCESS_CONFIG, ProcessConfig } from '../../process.config';

/** BK-CI TemplateOperationRet of a synchronous instantiation. */
export interface TemplateOperationRet {
  status: number;
  message: string | null;
  data: { successPipelines: string[]; failurePipelines: string[]; failureMessages: Record<string, string>; successPipelinesId: string[] };
}

/** Template instantiation: synchronous up to a limit, asynchronous batches above it (BK-CI §3.6). */
@Injectable()
export class TemplateInstanceService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly permissions: PermissionChecker,
    private readonly deployer: InstanceDeployer,
    private readonly outbox: OutboxService,
    @Inject(PROCESS_CONFIG.token) private readonly config: ProcessConfig,
    private readonly batches: TemplateInstanceRepository,
  ) {}

  /** The released version of a PIPELINE template that instances are made from. */
  async source(projectId: string, templateId: string, version: number): Promise<TemplateSource> {
    const info = await this.templates.info(projectId, templateId);
    if (info.type !== 'PIPELINE') throw invalid(`Template ${templateId} is a ${info.type} template; only PIPELINE templates have instances`);
    const row = await this.templates.version(projectId, templateId, version);
    if (row.status !== 'RELEASED') throw new TemplateError(TemplateErrorCode.SOURCE_NOT_RELEASED, `Version ${version} of template ${templateId} is not released`);
    const { setting } = await this.templates.setting(templateId, row.settingVersion);
    return { projectId, templateId, version, versionName: row.versionName as string, model: row.model as Model, setting };
  }

  /** Creates or updates up to the sync limit now, each pipeline in its own transaction. */
  async instantiateNow(caller: Caller, projectId: string, templateId: string, version: number, kind: InstanceKind, body: InstancesRequestDto): Promise<TemplateOperationRet> {
    await this.permissions.assertAllowed(caller, projectId, 'pipeline_template_view', templateId);
    const limit = this.config.templateSyncInstanceLimit;
    if (body.instanceReleaseInfos.length > limit) {
      throw invalid(`At most ${limit} pipelines are instantiated at once; use the asynchronous API for ${body.instanceReleaseInfos.length}`);
    }
    const source = await this.source(projectId, templateId, version);
    const data: TemplateOperationRet['data'] = { successPipelines: [], failurePipelines: [], failureMessages: {}, successPipelinesId: [] };
    for (const info of body.instanceReleaseInfos) {
      try {
        const pipelineId = kind === 'CREATE' ? newId() : requirePipelineId(info);
        const request = kind === 'CREATE' ? this.deployer.createRequest(info) : await this.deployer.updateRequest(projectId, templateId, info);
        const prepared = await this.deployer.prepare(caller, source, [{ kind, pipelineId, request, useTemplateSettings: body.useTemplateSettings ?? false }]);
        await this.outbox.transaction((tx) => this.deployer.write(tx, source, prepared));
        data.successPipelines.push(info.pipelineName);
        data.successPipelinesId.push(pipelineId);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        data.failurePipelines.push(info.pipelineName);
        data.failureMessages[info.pipelineName] = error.message;
      }
    }
    const failed = data.failurePipelines.length;
    return { status: failed === 0 ? 0 : 1, message: failed === 0 ? null : `${failed} of ${body.instanceReleaseInfos.length} pipelines failed`, data };
  }

  /**
   * Accepts a batch: the base and its items (with their pipeline ids) and the event that starts it
   * commit together, so an accepted batch is never lost. A pipeline already in an unfinished batch
   * is refused.
   */
  async submitBatch(caller: Caller, projectId: string, templateId: string, version: number, kind: InstanceKind, body: InstancesRequestDto): Promise<string> {
    await this.permissions.assertAllowed(caller, projectId, 'pipeline_template_view', templateId);
    await this.source(projectId, templateId, version);
    const infos = body.instanceReleaseInfos;
    const names = new Set(infos.map((info) => info.pipelineName));
    if (names.size !== infos.length) throw invalid('Each pipeline of a batch needs its own pipelineName');
    const requests = await Promise.all(
      infos.map(async (info) => ({
        pipelineId: kind === 'CREATE' ? newId() : requirePipelineId(info),
        request: kind === 'CREATE' ? this.deployer.createRequest(info) : await this.deployer.updateRequest(projectId, templateId, info),
      })),
    );
    if (kind === 'UPDATE') await this.refuseBusyPipelines(projectId, requests.map((r) => r.pipelineId));
    const now = new Date();
    const baseId = newId();
    const base: TemplateInstanceBaseEntity = {
      id: baseId,
      projectId,
      templateId,
      templateVersion: version,
      type: kind,
      status: 'INIT',
      totalItemNum: requests.length,
      successItemNum: 0,
      failItemNum: 0,
      useTemplateSettings: body.useTemplateSettings ?? false,
      creator: caller.userId,
      createdAt: now,
      updatedAt: now,
    };
    const items = requests.map(({ pipelineId, request }) => ({
      id: newId(),
      baseId,
      projectId,
      pipelineId,
      pipelineName: request.pipelineName,
      status: 'INIT' as const,
      request,
      errorMessage: null,
      createdAt: now,
      updatedAt: now,
    }));
    await this.outbox.transaction(async ({ manager, emit }) => {
      await this.batches.addBatch(base, items, manager);
      emitEvent(emit, INSTANCE_BATCH_REQUESTED, { baseId });
    });
    return baseId;
  }

  async batch(projectId: string, baseId: string): Promise<TemplateInstanceBaseEntity> {
    const base = await this.batches.batchOf(projectId, baseId);
    if (!base) throw new TemplateError(TemplateErrorCode.BATCH_NOT_FOUND, `Project ${projectId} has no instantiation task ${baseId}`);
    return base;
  }

  async batchItems(projectId: string, baseId: string, status: InstanceItemStatus | undefined, query: PageQueryDto): Promise<Page<InstanceItemSummary>> {
    await this.batch(projectId, baseId);
    const paging = resolvePaging(query);
    const [rows, count] = await this.batches.itemPage(baseId, status, paging);
    return toPage(rows, count, paging);
  }

  /** The template's batches, newest first. */
  async listBatches(projectId: string, templateId: string, status: InstanceBaseStatus | undefined, query: PageQueryDto): Promise<Page<TemplateInstanceBaseEntity>> {
    const paging = resolvePaging(query);
    const [rows, count] = await this.batches.batchPage(projectId, templateId, status, paging);
    return toPage(rows, count, paging);
  }

  /** A new batch of the failed items of a finished one (BK-CI task retry). */
  async retry(caller: Caller, projectId: string, baseId: string): Promise<string> {
    const base = await this.batch(projectId, baseId);
    if (UNFINISHED.includes(base.status)) throw new TemplateError(TemplateErrorCode.INSTANCE_BUSY, `Task ${baseId} is still ${base.status}`);
    const failed = await this.batches.failedItems(baseId);
    if (failed.length === 0) throw invalid(`Task ${baseId} has no failed pipelines to retry`);
    const infos: InstanceReleaseInfoDto[] = failed.map((item) => ({ ...item.request, pipelineId: base.type === 'UPDATE' ? item.pipelineId : undefined, buildNo: item.request.buildNo ?? undefined }));
    return this.submitBatch(caller, projectId, base.templateId, base.templateVersion, base.type, { useTemplateSettings: base.useTemplateSettings, instanceReleaseInfos: infos });
  }

  private async refuseBusyPipelines(projectId: string, pipelineIds: string[]): Promise<void> {
    const busy = await this.batches.busyPipelines(projectId, pipelineIds);
    if (busy.length > 0) {
      throw new TemplateError(TemplateErrorCode.INSTANCE_BUSY, `Pipelines ${busy.map((b) => b.pipelineId).join(', ')} are already being instantiated`, { pipelineIds: busy });
    }
  }
}

function requirePipelineId(info: InstanceReleaseInfoDto): string {
  if (!info.pipelineId) throw invalid(`Updating ${info.pipelineName} needs its pipelineId`);
  return info.pipelineId;
}
