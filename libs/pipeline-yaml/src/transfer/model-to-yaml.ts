import type { JobTemplateModel, Model, StageTemplateModel, StepTemplateModel, TemplateModel, VariableTemplateModel } from '@bkci/pipeline-model';
import { stringify } from 'yaml';
import { containersToJobs, containerToJob } from './to-yaml/jobs';
import { pipelineToYaml } from './to-yaml/pipeline';
import { stagesToYaml } from './to-yaml/stages';
import { paramsToVariables } from './to-yaml/variables';
import type { ModelToYamlOptions, YamlMap } from './types';
import { assertValidModel, ModelToCheck } from './validate-transfer-model';

/**
 * A Model (with its setting, when given) or a template model → v3.0 YAML text. Template files hold
 * `version` and their body only. What v3.0 cannot express (an ID template reference inside stages, a
 * dispatch type with no `runs-on` form…) is a FORMAT YamlError naming the Model's JSON path.
 */
export function modelToYaml(model: TemplateModel, options: ModelToYamlOptions = {}): string {
  assertValidModel(modelToCheck(model), options.file ?? 'model');
  return stringify(toData(model, options), { lineWidth: 0 });
}

/** The model is checked first (MODEL_INVALID naming the JSON path): it may come from a client. */
function modelToCheck(model: TemplateModel): ModelToCheck {
  switch ((model as { '@type'?: unknown })['@type']) {
    case 'stage':
      return { kind: 'STAGE', model: model as StageTemplateModel };
    case 'job':
      return { kind: 'JOB', model: model as JobTemplateModel };
    case 'step':
      return { kind: 'STEP', model: model as StepTemplateModel };
    case 'variable':
      return { kind: 'VARIABLE', model: model as VariableTemplateModel };
    default:
      return { kind: 'PIPELINE', model: model as Model };
  }
}

function toData(model: TemplateModel, options: ModelToYamlOptions): YamlMap {
  const version = 'v3.0';
  // Model has an open index signature, so `@type` is read as a plain tag rather than narrowed on.
  switch ((model as { '@type'?: unknown })['@type']) {
    case 'stage':
      return { version, stages: stagesToYaml((model as StageTemplateModel).stages, 0) };
    case 'job':
      return { version, jobs: containersToJobs((model as JobTemplateModel).containers, 'containers') };
    case 'step':
      return { version, steps: containerToJob((model as StepTemplateModel).container, 'container').steps };
    case 'variable':
      return { version, variables: paramsToVariables((model as VariableTemplateModel).params) ?? {} };
    default:
      return pipelineToYaml(model as Model, options.setting);
  }
}
