import type { Container } from './container.types';
import type { Model, Stage } from './model.types';
import type { BuildFormProperty } from './param.types';

/** A stage template's content (`StageTemplateModel`, `@type: stage`). */
export interface StageTemplateModel {
  '@type': 'stage';
  stages: Stage[];
}

/** A job template's content (`JobTemplateModel`, `@type: job`). */
export interface JobTemplateModel {
  '@type': 'job';
  containers: Container[];
}

/** A step template's content (`StepTemplateModel`, `@type: step`): one container holding the steps. */
export interface StepTemplateModel {
  '@type': 'step';
  container: Container;
}

/**
 * A variable template's content. BK-CI has no model class for it (its YAML is just `variables:`);
 * ours carries the params the trigger container would hold.
 */
export interface VariableTemplateModel {
  '@type': 'variable';
  params: BuildFormProperty[];
}

/** `ITemplateModel`: `@type` absent means a whole pipeline `Model`. */
export type TemplateModel = Model | StageTemplateModel | JobTemplateModel | StepTemplateModel | VariableTemplateModel;
