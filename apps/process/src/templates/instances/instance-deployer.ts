import { Injectable } from '@nestjs/common';
import { setImmediate } from 'node:timers/promises';
import { Caller } from '@bkci/auth';
import { OutboxTransaction } from '@bkci/messaging';
import { getTriggerContainer, Model, PipelineSetting } from '@bkci/pipeline-model';
import { TemplatePipelineRelation } from '../../pipelines/dto/template-relation.dto';
import { NewPipeline, NextPipelineVersion, PipelineService } from '../../pipelines/pipeline.service';
import { invalid } from '../template-content';
import { InstanceReleaseInfoDto } from './dto/instances-request.dto';
import { InstanceRequest, instanceModel } from './instance-merge';

/** The released template version instances are made from. */
export interface TemplateSource {
  projectId: string;
  templateId: string;
  version: number;
  versionName: string;
  model: Model;
  setting: PipelineSetting;
}

export type InstanceKind = 'CREATE' | 'UPDATE';

/** One instance to write: a new pipeline (CREATE) or a new version of an instance (UPDATE). */
export interface DeployTarget {
  kind: InstanceKind;
  pipelineId: string;
  request: InstanceRequest;
  useTemplateSettings: boolean;
}

type Relation = ReturnType<InstanceDeployer['relation']>;

/** An instance ready to write (InstanceDeployer.prepare). */
export type PreparedInstance =
  | { kind: 'CREATE'; pipeline: NewPipeline; relation: Relation }
  | { kind: 'UPDATE'; version: NextPipelineVersion; relation: Relation };

/** Writes instance pipelines (TEMPLATE_INSTANCE versions) and their template relations. */
@Injectable()
export class InstanceDeployer {
  constructor(private readonly pipelines: PipelineService) {}

  /** A create request: what the client sent, nothing overridden unless it says so. */
  createRequest(info: InstanceReleaseInfoDto): InstanceRequest {
    return {
      pipelineName: info.pipelineName,
      param: info.param ?? [],
      buildNo: info.buildNo ?? null,
      triggerConfigs: info.triggerConfigs ?? [],
      overrideTemplateField: info.overrideTemplateField ?? {},
    };
  }

  /** The instance as it stands: its template relation and its current model. */
  async current(projectId: string, templateId: string, pipelineId: string): Promise<{ relation: TemplatePipelineRelation; model: Model }> {
    const relation = await this.pipelines.getTemplateRelation(projectId, pipelineId);
    if (!relation || relation.templateId !== templateId) throw invalid(`Pipeline ${pipelineId} is not an instance of template ${templateId}`);
    return { relation, model: (await this.pipelines.getVersion(projectId, pipelineId)).model };
  }

  async updateRequest(projectId: string, templateId: string, info: InstanceReleaseInfoDto): Promise<InstanceRequest> {
    const { model } = await this.current(projectId, templateId, info.pipelineId as string);
    return this.updateRequestFrom(model, info);
  }

  /**
   * An update request. What the client leaves out is the pipeline's own (`current` is its model):
   * its param values and its overrides, so moving to a new template version keeps what each instance chose.
   */
  updateRequestFrom(current: Model, info: InstanceReleaseInfoDto): InstanceRequest {
    const trigger = getTriggerContainer(current);
    return {
      pipelineName: info.pipelineName,
      param: info.param ?? trigger.params,
      buildNo: info.buildNo ?? trigger.buildNo ?? null,
      triggerConfigs: info.triggerConfigs ?? [],
      overrideTemplateField: info.overrideTemplateField ?? current.overrideTemplateField ?? {},
    };
  }

  /**
   * The instances' pipelines or versions, checked, with their YAML previews made on worker
   * threads: call it before the transaction that writes them (write). A bad instance (a
   * constant overridden, an invalid model) fails the whole call with its DomainError.
   */
  async prepare(caller: Caller, source: TemplateSource, targets: DeployTarget[]): Promise<PreparedInstance[]> {
    const pending: Promise<PreparedInstance>[] = [];
    for (const target of targets) {
      // One instance per turn of the event loop: merging and checking a whole chunk at once would
      // hold it for long. The previews run on the worker threads meanwhile.
      await setImmediate();
      const prepared = this.prepareOne(caller, source, target);
      // A failure is reported once all are settled, not as an unhandled rejection meanwhile.
      prepared.catch(() => undefined);
      pending.push(prepared);
    }
    const settled = await Promise.allSettled(pending);
    const failed = settled.find((outcome) => outcome.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((outcome) => (outcome as PromiseFulfilledResult<PreparedInstance>).value);
  }

  /** Writes prepared instances in the caller's transaction: new pipelines with one multi-row insert per table. */
  async write({ manager }: OutboxTransaction, source: TemplateSource, prepared: PreparedInstance[]): Promise<void> {
    const created = prepared.flatMap((item) => (item.kind === 'CREATE' ? [item] : []));
    if (created.length > 0) await this.pipelines.insertNew(source.projectId, created, manager);
    for (const item of prepared) {
      if (item.kind === 'CREATE') continue;
      await this.pipelines.appendVersion(item.version, manager);
      await this.pipelines.saveTemplateRelation(item.relation, manager);
    }
  }

  private async prepareOne(caller: Caller, source: TemplateSource, target: DeployTarget): Promise<PreparedInstance> {
    const model = instanceModel(source.model, target.request, source);
    const setting = { ...source.setting, pipelineName: target.request.pipelineName };
    const relation = this.relation(caller, source, target.pipelineId, model);
    if (target.kind === 'UPDATE') {
      const input = { model, setting: target.useTemplateSettings ? setting : undefined, versionAction: 'TEMPLATE_INSTANCE' as const };
      return { kind: 'UPDATE', version: await this.pipelines.prepareVersion(caller, source.projectId, target.pipelineId, input), relation };
    }
    const input = { pipelineId: target.pipelineId, pipelineName: target.request.pipelineName, model, setting, versionAction: 'TEMPLATE_INSTANCE' as const, instanceFromTemplate: true };
    const [pipeline] = await this.pipelines.prepareNew(caller, source.projectId, [input]);
    return { kind: 'CREATE', pipeline, relation };
  }

  private relation(caller: Caller, source: TemplateSource, pipelineId: string, model: Model) {
    const trigger = getTriggerContainer(model);
    return {
      projectId: source.projectId,
      pipelineId,
      templateId: source.templateId,
      templateVersion: source.version,
      templateVersionName: source.versionName,
      buildNo: trigger.buildNo ?? null,
      params: trigger.params,
      status: 'UPDATED' as const,
      userId: caller.userId,
    };
  }
}
