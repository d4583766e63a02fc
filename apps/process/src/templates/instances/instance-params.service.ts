import { Injectable } from '@nestjs/common';
import { Caller, PermissionChecker } from '@bkci/auth';
import { getTriggerContainer, Model } from '@bkci/pipeline-model';
import { PipelineService } from '../../pipelines/pipeline.service';
import { TemplateResourceVersionEntity } from '../entities/template-resource-version.entity';
import { invalid } from '../template-content';
import { TemplateRepository } from '../template.repository';
import { overrideEverything } from '../v1/override-everything';
import { named, TemplateInstanceParams, withTemplateOptions } from './instance-params';

/** The most pipelines one request may ask the params of. */
export const MAX_PARAMS_PIPELINES = 500;

/** What the instance form starts from (BK-CI's templateParamsById/ByRef and listTemplateInstancesParams). */
@Injectable()
export class InstanceParamsService {
  constructor(
    private readonly templates: TemplateRepository,
    private readonly pipelines: PipelineService,
    private readonly permissions: PermissionChecker,
  ) {}

  /** A new instance of `version`: the template's trigger, with every input param, the build number and the settings its own. */
  async byVersion(projectId: string, templateId: string, version: number): Promise<TemplateInstanceParams> {
    await this.templates.info(projectId, templateId);
    return this.fromTemplate(await this.templates.version(projectId, templateId, version));
  }

  /** As byVersion, at a branch or release named `ref`. */
  async byRef(projectId: string, templateId: string, ref: string): Promise<TemplateInstanceParams> {
    await this.templates.info(projectId, templateId);
    return this.fromTemplate(await this.templates.versionAtRef(projectId, templateId, ref));
  }

  /**
   * The instances among `pipelineIds` as they stand, with the choices of template `version`, by
   * pipeline id. Ids that are no instance of the template are left out. Reading them needs pipeline view.
   */
  async byPipelines(caller: Caller, projectId: string, templateId: string, version: number, pipelineIds: unknown): Promise<Record<string, TemplateInstanceParams>> {
    const ids = checkPipelineIds(pipelineIds);
    await this.permissions.assertAllowed(caller, projectId, 'pipeline_view');
    await this.templates.info(projectId, templateId);
    const template = pipelineModelOf(await this.templates.version(projectId, templateId, version));
    const answer: Record<string, TemplateInstanceParams> = {};
    for (const pipelineId of ids) {
      const relation = await this.pipelines.getTemplateRelation(projectId, pipelineId);
      if (relation?.templateId !== templateId) continue;
      const [{ model }, { pipelineName }] = await Promise.all([this.pipelines.getVersion(projectId, pipelineId), this.pipelines.get(projectId, pipelineId)]);
      const trigger = getTriggerContainer(model);
      answer[pipelineId] = {
        pipelineId,
        pipelineName,
        buildNo: trigger.buildNo ?? null,
        param: named(withTemplateOptions(getTriggerContainer(template).params, trigger.params)),
        updateBuildNo: null,
        repoHashId: null,
        filePath: null,
        triggerElements: trigger.elements,
        overrideTemplateField: (model.template ? model.overrideTemplateField : null) ?? overrideEverything(template),
      };
    }
    return answer;
  }

  private fromTemplate(row: TemplateResourceVersionEntity): TemplateInstanceParams {
    const model = pipelineModelOf(row);
    const trigger = getTriggerContainer(model);
    return {
      pipelineId: '',
      pipelineName: '',
      buildNo: trigger.buildNo ?? null,
      param: named(trigger.params),
      updateBuildNo: null,
      repoHashId: null,
      filePath: null,
      triggerElements: trigger.elements,
      overrideTemplateField: overrideEverything(model),
    };
  }
}

/** Only PIPELINE templates have instances (BK-CI ERROR_TEMPLATE_TYPE_MODEL_TYPE_NOT_MATCH). */
function pipelineModelOf(row: TemplateResourceVersionEntity): Model {
  if (row.type !== 'PIPELINE') throw invalid(`Template ${row.templateId} is a ${row.type} template; only PIPELINE templates have instances`);
  return row.model as Model;
}

/** BK-CI's body is a set of pipeline ids: a JSON array of strings (repeats count once). */
function checkPipelineIds(body: unknown): string[] {
  if (!Array.isArray(body) || !body.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 34)) {
    throw invalid('The body must be a JSON array of pipeline ids (strings of 1 to 34 characters)');
  }
  const ids = [...new Set(body as string[])];
  if (ids.length > MAX_PARAMS_PIPELINES) throw invalid(`At most ${MAX_PARAMS_PIPELINES} pipelines at once; ${ids.length} were sent`);
  return ids;
}
