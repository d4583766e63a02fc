import type {
  JobTemplateModel,
  Model,
  PipelineSetting,
  PipelineTemplateType,
  StageTemplateModel,
  StepTemplateModel,
  VariableTemplateModel,
} from '@bkci/pipeline-model';
import type { TemplateLimits } from '../template-limits';

/** What a v3.0 file holds: a pipeline (also a PIPELINE template) or a stage/job/step/variable template. */
export type TransferKind = PipelineTemplateType;

export type TransferResult =
  | { kind: 'PIPELINE'; model: Model; setting: PipelineSetting }
  | { kind: 'STAGE'; model: StageTemplateModel }
  | { kind: 'JOB'; model: JobTemplateModel }
  | { kind: 'STEP'; model: StepTemplateModel }
  | { kind: 'VARIABLE'; model: VariableTemplateModel };

export interface YamlToModelOptions {
  /** Reported in every error's location. */
  file: string;
  /** Overrides the kind read from the content (see detectKind). */
  kind?: TransferKind;
  /** The v2 engine's limits, which apply to v3.0 files too (default DEFAULT_TEMPLATE_LIMITS). */
  limits?: Partial<Pick<TemplateLimits, 'maxTemplatesPerFile' | 'maxFileBytes'>>;
}

export interface ModelToYamlOptions {
  /** Named in a MODEL_INVALID error's location (default `model`). */
  file?: string;
  /** A pipeline's setting: name, desc, labels, notices, concurrency… come from it when given. */
  setting?: PipelineSetting;
}

/** A mapping of the YAML, as parsed: keys are YAML keys, values plain data. */
export type YamlMap = Record<string, unknown>;
