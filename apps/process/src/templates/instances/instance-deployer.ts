import { Injectable } from '@nestjs/common';
import { Caller } from '@bkci/auth';
import { Model, PipelineSetting, TriggerContainer } from '@bkci/pipeline-model';
import { EntityManager } from 'typeorm';
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

  /**
   * An update request. What the client leaves out is the pipeline's own: its param values and its
   * overrides, so moving to a new template version keeps what each instance chose.
   */
  async updateRequest(projectId: string, templateId: string, info: InstanceReleaseInfoDto): Promise<InstanceRequest> {
    const pipelineId = info.pipelineId as string;
    const relation = await this.pipelines.getTemplateRelation(projectId, pipelineId);
    if (!relation || relation.templateId !== templateId) throw invalid(`Pipeline ${pipelineId} is not an instance of template ${templateId}`);
    const current = (await this.pipelines.getVersion(projectId, pipelineId)).model;
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
    const { projectId, templateId } = source;
    const model = instanceModel(source.model, target.request, source);
    const setting = { ...source.setting, pipelineName: target.request.pipelineName };
    if (target.kind === 'CREATE') {
      await this.pipelines.create(
        caller,
        projectId,
        { pipelineId: target.pipelineId, pipelineName: target.request.pipelineName, model, setting, versionAction: 'TEMPLATE_INSTANCE', instanceFromTemplate: true },
        manager,
      );
    } else {
      await this.pipelines.saveVersion(
        caller,
        projectId,
        target.pipelineId,
        { model, setting: target.useTemplateSettings ? setting : undefined, versionAction: 'TEMPLATE_INSTANCE' },
        manager,
      );
    }
    const trigger = model.stages[0].containers[0] as TriggerContainer;
    await this.pipelines.saveTemplateRelation(
      {
        projectId,
        pipelineId: target.pipelineId,
        templateId,
        templateVersion: source.version,
        templateVersionName: source.versionName,
        buildNo: trigger.buildNo ?? null,
        params: trigger.params,
        status: 'UPDATED',
        userId: caller.userId,
      },
      manager,
    );
  }
}
