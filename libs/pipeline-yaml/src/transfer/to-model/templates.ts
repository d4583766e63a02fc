import type { JobTemplateModel, StageTemplateModel, StepTemplateModel, VariableTemplateModel } from '@bkci/pipeline-model';
import type { YamlMap } from '../types';
import { asMap, ReadContext } from './context';
import { jobsToContainers, jobToContainer } from './jobs';
import { STEPS_JOB_ID } from './pipeline';
import { stagesToModel } from './stages';
import { variablesToParams } from './variables';

/** A stage template's stages are numbered from stage-1: they are not placed in a pipeline yet. */
export function yamlToStageTemplate(ctx: ReadContext, yaml: YamlMap): StageTemplateModel {
  return { '@type': 'stage', stages: stagesToModel(ctx, yaml.stages, ['stages'], 1) };
}

export function yamlToJobTemplate(ctx: ReadContext, yaml: YamlMap): JobTemplateModel {
  return { '@type': 'job', containers: jobsToContainers(ctx, yaml.jobs, ['jobs'], false) };
}

/** The steps sit in a default job (docker, Linux) that only holds them: its settings are not in the file. */
export function yamlToStepTemplate(ctx: ReadContext, yaml: YamlMap): StepTemplateModel {
  return { '@type': 'step', container: jobToContainer(ctx, STEPS_JOB_ID, { steps: yaml.steps }, [], 0, false) };
}

export function yamlToVariableTemplate(ctx: ReadContext, yaml: YamlMap): VariableTemplateModel {
  if (asMap(yaml.variables).template !== undefined) ctx.fail(['variables', 'template'], 'a variable template cannot reference public variable groups');
  return { '@type': 'variable', params: variablesToParams(ctx, yaml.variables, ['variables']) };
}
