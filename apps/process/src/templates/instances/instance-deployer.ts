import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { Model, PipelineSetting, TriggerContainer } from '@bkci/pipeline-model';
import { EntityManager } from 'typeorm';
import { TemplatePipelineRelation } from '../../pipelines/dto/template-relation.dto';
import { PipelineService } from '../../pipelines/pipeline.service';
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

/** Writes one instance pipeline (a TEMPLATE_INSTANCE version) and its template relation. */
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
    const trigger = current.stages[0].containers[0] as TriggerContainer;
    return {
      pipelineName: info.pipelineName,
      param: info.param ?? trigger.params,
      buildNo: info.buildNo ?? trigger.buildNo ?? null,
      triggerConfigs: info.triggerConfigs ?? [],
      overrideTemplateField: info.overrideTemplateField ?? current.overrideTemplateField ?? {},
    };
  }

  async deploy(
    manager: EntityManager,
    caller: Caller,
    source: TemplateSource,
    target: { kind: InstanceKind; pipelineId: string; request: InstanceRequest; useTemplateSettings: boolean },
  ): Promise<void> {
    if (target.kind === 'CREATE') return this.createMany(manager, caller, source, [target]);
    const model = instanceModel(source.model, target.request, source);
    const setting = { ...source.setting, pipelineName: target.request.pipelineName };
    await this.pipelines.saveVersion(
      caller,
      source.projectId,
      target.pipelineId,
      { model, setting: target.useTemplateSettings ? setting : undefined, versionAction: 'TEMPLATE_INSTANCE' },
      manager,
    );
    await this.pipelines.saveTemplateRelation(this.relation(caller, source, target.pipelineId, model), manager);
  }

  /** New instance pipelines and their relations, written together (one multi-row insert per table). */
  async createMany(manager: EntityManager, caller: Caller, source: TemplateSource, targets: Array<{ pipelineId: string; request: InstanceRequest }>): Promise<void> {
    const items = targets.map(({ pipelineId, request }) => {
      const model = instanceModel(source.model, request, source);
      return {
        pipeline: {
          pipelineId,
          pipelineName: request.pipelineName,
          model,
          setting: { ...source.setting, pipelineName: request.pipelineName },
          versionAction: 'TEMPLATE_INSTANCE' as const,
          instanceFromTemplate: true,
        },
        relation: this.relation(caller, source, pipelineId, model),
      };
    });
    await this.pipelines.createMany(caller, source.projectId, items, manager);
  }

  private relation(caller: Caller, source: TemplateSource, pipelineId: string, model: Model) {
    const trigger = model.stages[0].containers[0] as TriggerContainer;
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
