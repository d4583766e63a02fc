import type { JobTemplateModel, Model, StageTemplateModel, StepTemplateModel, TemplateModel, VariableTemplateModel } from '@bkci/pipeline-model';
import { stringify } from 'yaml';
import { containersToJobs, containerToJob } from './to-yaml/jobs';
import { pipelineToYaml } from './to-yaml/pipeline';
import { stagesToYaml } from './to-yaml/stages';
import { paramsToVariables } from './to-yaml/variables';
import type { ModelToYamlOptions, TransferKind, YamlMap } from './types';
import { assertValidModel } from './validate-transfer-model';

/**
 * A Model (with its setting, when given) or a template model → v3.0 YAML text. Template files hold
 * `version` and their body only. What v3.0 cannot express (an ID template reference inside stages, a
 * dispatch type with no `runs-on` form…) is a FORMAT YamlError naming the Model's JSON path.
 */
export function modelToYaml(model: TemplateModel, options: ModelToYamlOptions = {}): string {
  // The model is checked first (MODEL_INVALID naming the JSON path): it may come from a client.
  const type = (model as { '@type'?: unknown } | null)?.['@type'];
  const kind = typeof type === 'string' && Object.hasOwn(KIND_BY_TYPE, type) ? KIND_BY_TYPE[type] : 'PIPELINE';
  assertValidModel(kind, model, options.file ?? 'model');
  return stringify(toData(model, options), { lineWidth: 0 });
}

/** A template model's kind by its `@type`; a Model without one is a pipeline. */
const KIND_BY_TYPE: Record<string, TransferKind> = { stage: 'STAGE', job: 'JOB', step: 'STEP', variable: 'VARIABLE' };

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
