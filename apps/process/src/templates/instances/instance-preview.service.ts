import { Injectable } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { BuildFormProperty, Model } from '@bkci/pipeline-model';
import { YamlError } from '@bkci/pipeline-yaml';
import { sameJson } from '@bkci/template-version';
import { diffJson, JsonChange } from '../template-diff';
import { TemplateError, TemplateErrorCode } from '../template.errors';
import { TemplateRepository } from '../template.repository';
import { paramsOf } from '../template-content';
import { InstanceReleaseInfoDto } from './dto/instances-request.dto';
import { InstanceDeployer } from './instance-deployer';
import { instanceModel } from './instance-merge';
import { TemplateInstanceService } from './template-instance.service';
import { YamlWorkers } from '../../yaml-workers/yaml-workers';

/**
 * One param across an update, three ways: `base` in the template version the instance came from,
 * `template` in the new version, `instance` the pipeline's own value. `result` is what the update
 * writes; `conflict` marks a param both sides changed (the instance's override wins).
 */
export interface ParamPreview {
  id: string;
  change: 'added' | 'removed' | 'template-changed' | 'overridden' | 'conflict' | 'unchanged';
  base: unknown;
  template: unknown;
  instance: unknown;
  result: unknown;
}

export interface InstanceUpdatePreview {
  pipelineId: string;
  pipelineName: string;
  fromTemplateVersion: number;
  toTemplateVersion: number;
  params: ParamPreview[];
  /** The pipeline's model now → after the update. */
  modelChanges: JsonChange[];
}

/** BK-CI PipelineTemplateInstanceCompareResponse (a side YAML cannot express is empty). */
export interface InstanceComparison {
  baseVersionYaml: string;
  comparedVersionYaml: string;
  instanceName: string;
  templateVersionName: string;
}

const valueOf = (params: BuildFormProperty[], id: string): unknown => params.find((p) => p.id === id)?.defaultValue;

/** What moving instances to a template version would change, per instance, before anything is written. */
@Injectable()
export class InstancePreviewService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly deployer: InstanceDeployer,
    private readonly instances: TemplateInstanceService,
    private readonly permissions: PermissionChecker,
    private readonly yamlWorkers: YamlWorkers,
  ) {}

  async previewUpdate(projectId: string, templateId: string, version: number, infos: InstanceReleaseInfoDto[]): Promise<InstanceUpdatePreview[]> {
    const source = await this.instances.source(projectId, templateId, version);
    return Promise.all(
      infos.map(async (info) => {
        const pipelineId = info.pipelineId as string;
        const { relation, model: current } = await this.deployer.current(projectId, templateId, pipelineId);
        const request = this.deployer.updateRequestFrom(current, info);
        // The version the instance came from may have been deleted since; the preview then has no base.
        const previous = await this.templates.version(projectId, templateId, relation.templateVersion).catch((error: unknown) => {
          if (error instanceof TemplateError && error.code === TemplateErrorCode.VERSION_NOT_FOUND) return null;
          throw error;
        });
        const after = instanceModel(source.model, request, source);
        return {
          pipelineId,
          pipelineName: info.pipelineName,
          fromTemplateVersion: relation.templateVersion,
          toTemplateVersion: version,
          params: threeWay(previous ? paramsOf('PIPELINE', previous.model) : [], paramsOf('PIPELINE', source.model), paramsOf('PIPELINE', current), new Set(request.overrideTemplateField.paramIds ?? []), paramsOf('PIPELINE', after)),
          modelChanges: diffJson(current, after),
        };
      }),
    );
  }

  /** The pipeline as it is and as the template version would make it, both as v3.0 YAML (BK-CI compareYaml). */
  async compareYaml(projectId: string, templateId: string, version: number, pipelineId: string): Promise<{ baseVersionYaml: string | null; comparedVersionYaml: string | null; instanceName: string; templateVersionName: string }> {
    const source = await this.instances.source(projectId, templateId, version);
    const { model: current } = await this.deployer.current(projectId, templateId, pipelineId);
    const after = instanceModel(source.model, this.deployer.updateRequestFrom(current, { pipelineId, pipelineName: current.name }), source);
    return { baseVersionYaml: await yamlOf(this.yamlWorkers, current), comparedVersionYaml: await yamlOf(this.yamlWorkers, after), instanceName: current.name, templateVersionName: source.versionName };
  }

  /**
   * The pipeline as it is beside the template version's own YAML (the latest release unless
   * `comparedVersion` names one): BK-CI's earlier V2 compare, which its console still calls. Reading
   * the pipeline needs pipeline view.
   */
  async compareWithTemplate(caller: Caller, projectId: string, templateId: string, pipelineId: string, comparedVersion: number | undefined): Promise<InstanceComparison> {
    await this.permissions.assertAllowed(caller, projectId, 'pipeline_view');
    const info = await this.templates.info(projectId, templateId);
    const version = comparedVersion ?? info.releasedVersion;
    if (version === null) throw new TemplateError(TemplateErrorCode.VERSION_NOT_FOUND, `Template ${templateId} has no release to compare with`, { templateId });
    const template = await this.templates.version(projectId, templateId, version);
    const { model: current } = await this.deployer.current(projectId, templateId, pipelineId);
    return { baseVersionYaml: (await yamlOf(this.yamlWorkers, current)) ?? '', comparedVersionYaml: template.yaml ?? '', instanceName: current.name, templateVersionName: template.versionName ?? '' };
  }
}

function threeWay(base: BuildFormProperty[], template: BuildFormProperty[], instance: BuildFormProperty[], overridden: Set<string>, result: BuildFormProperty[]): ParamPreview[] {
  const ids = [...new Set([...template.map((p) => p.id), ...base.map((p) => p.id)])];
  return ids.map((id) => {
    const values = { base: valueOf(base, id), template: valueOf(template, id), instance: valueOf(instance, id), result: valueOf(result, id) };
    const inBase = base.some((p) => p.id === id);
    const inTemplate = template.some((p) => p.id === id);
    const templateChanged = !sameJson(values.base, values.template);
    const instanceChanged = overridden.has(id) && !sameJson(values.instance, values.base);
    let change: ParamPreview['change'];
    if (!inBase) change = 'added';
    else if (!inTemplate) change = 'removed';
    else if (templateChanged && instanceChanged && !sameJson(values.instance, values.template)) change = 'conflict';
    else if (instanceChanged) change = 'overridden';
    else if (templateChanged) change = 'template-changed';
    else change = 'unchanged';
    return { id, change, ...values };
  });
}

/** The whole pipeline as YAML: without its template descriptor, which YAML would write as a bare `extends:`. */
async function yamlOf(workers: YamlWorkers, model: Model): Promise<string | null> {
  const { template: _descriptor, ...full } = model;
  try {
    return await workers.modelToYaml(full as Model);
  } catch (error) {
    if (error instanceof YamlError) return null;
    throw error;
  }
}
