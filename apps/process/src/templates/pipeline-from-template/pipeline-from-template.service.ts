import { Injectable } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { defaultModel, getTriggerContainer, Model, PipelineSetting, TriggerContainer } from '@bkci/pipeline-model';
import { defaultSetting } from '../../pipelines/pipeline-resource';
import { PipelineService } from '../../pipelines/pipeline.service';
import { TemplateSource } from '../instances/instance-deployer';
import { TemplateInstanceService } from '../instances/template-instance.service';
import { TemplateError, TemplateErrorCode } from '../template.errors';
import { TemplateRepository } from '../template.repository';
import type { DeployPipelineResult } from '../../pipelines/dto/pipeline-draft.dto';
import { CreatePipelineWithTemplateDto } from './pipeline-from-template.dto';

/** BK-CI's PIPELINE_SETTING_MAX_CON_QUEUE_SIZE_MAX, what copying a template's concurrency group sets. */
const MAX_CONCURRENCY_QUEUE = 200;

/**
 * BK-CI createPipelineFromFreedom: a pipeline that starts as a copy of a template's released model
 * (or BK-CI's default model) and then goes its own way. It keeps no link to the template, so it is
 * never counted, listed or updated as one of the template's instances.
 */
@Injectable()
export class PipelineFromTemplateService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly instances: TemplateInstanceService,
    private readonly pipelines: PipelineService,
    private readonly permissions: PermissionChecker,
  ) {}

  async create(caller: Caller, projectId: string, body: CreatePipelineWithTemplateDto): Promise<DeployPipelineResult> {
    const desc = body.pipelineDesc ?? '';
    const source = body.emptyTemplate ? null : await this.source(caller, projectId, body.templateId as string, body.templateVersion);
    const model = source ? freeModel(source.model, body.pipelineName, desc, body.labels ?? []) : { ...defaultModel(body.pipelineName), desc, labels: body.labels ?? [] };
    const setting = settingFor(body, desc, source?.setting ?? null);
    const created = await this.pipelines.create(caller, projectId, { pipelineName: body.pipelineName, desc, model, setting });
    return {
      pipelineId: created.pipelineId,
      pipelineName: body.pipelineName,
      version: created.version,
      versionNum: created.version,
      versionName: created.versionName,
      targetUrl: null,
      pullRequestId: null,
      yamlInfo: null,
      updateBuildNo: null,
    };
  }

  /** The released version asked for, or the latest release; reading it needs view on the template. */
  private async source(caller: Caller, projectId: string, templateId: string, version: number | undefined): Promise<TemplateSource> {
    await this.permissions.assertAllowed(caller, projectId, 'pipeline_template_view', templateId);
    if (version !== undefined) return this.instances.source(projectId, templateId, version);
    await this.templates.info(projectId, templateId);
    const latest = await this.templates.latestRelease(templateId);
    if (!latest) throw new TemplateError(TemplateErrorCode.SOURCE_NOT_RELEASED, `Template ${templateId} has no release to create a pipeline from`, { templateId });
    return this.instances.source(projectId, templateId, latest.version);
  }
}

/**
 * BK-CI PipelineUtils.instanceModel for a FREEDOM pipeline: the template's stages, its constants
 * (`templateParams`) turned into constant params of the pipeline, and nothing that ties it to the template.
 */
function freeModel(template: Model, pipelineName: string, desc: string, labels: string[]): Model {
  const trigger = getTriggerContainer(template);
  const own = new Set(trigger.params.map((param) => param.id));
  const constants = (trigger.templateParams ?? []).filter((param) => !own.has(param.id)).map((param) => ({ ...param, constant: true }));
  const { templateParams: _templateParams, ...rest } = trigger;
  const freeTrigger: TriggerContainer = { ...rest, params: [...constants, ...trigger.params] };
  return {
    name: pipelineName,
    desc,
    stages: [{ ...template.stages[0], containers: [freeTrigger] }, ...template.stages.slice(1)],
    labels,
    instanceFromTemplate: false,
  };
}

/** BK-CI's default setting, with the template's notifications and concurrency group when asked for. */
function settingFor(body: CreatePipelineWithTemplateDto, desc: string, template: PipelineSetting | null): PipelineSetting {
  const setting: PipelineSetting = {
    ...defaultSetting(body.pipelineName, desc),
    labels: body.labels ?? [],
    pipelineAsCodeSettings: { inheritedDialect: body.inheritedDialect ?? true, pipelineDialect: body.inheritedDialect === false ? (body.pipelineDialect ?? null) : null },
  };
  if (template && body.useSubscriptionSettings) {
    setting.successSubscriptionList = template.successSubscriptionList ?? [];
    setting.failSubscriptionList = template.failSubscriptionList ?? [];
  }
  if (template && body.useConcurrencyGroup) {
    setting.concurrencyGroup = template.concurrencyGroup;
    setting.concurrencyCancelInProgress = template.concurrencyCancelInProgress;
    setting.maxConRunningQueueSize = MAX_CONCURRENCY_QUEUE;
  }
  return setting;
}
