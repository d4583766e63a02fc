import type { StageControlOption, StagePauseCheck } from './control.types';
import type { Container, TriggerContainer } from './container.types';
import type {
  PublicVarGroupRef,
  TemplateDescriptor,
  TemplateInstanceDescriptor,
  TemplateInstanceField,
} from './template.types';

export interface Stage {
  /** System id, rewritten to `stage-{1..n}` on save. */
  id?: string | null;
  name?: string | null;
  /** The user's id (the YAML stage `id`). */
  stageIdForUser?: string | null;
  containers: Container[];
  tag?: string[] | null;
  customBuildEnv?: Record<string, string> | null;
  fastKill?: boolean | null;
  canRetry?: boolean | null;
  /** At most one finally stage, and it must be last. */
  finally?: boolean;
  stageControlOption?: StageControlOption | null;
  checkIn?: StagePauseCheck | null;
  checkOut?: StagePauseCheck | null;
  template?: TemplateDescriptor | null;
  status?: string | null;
  [runtime: string]: unknown;
}

/** `Model`: `stages[0]` is the trigger stage holding exactly one `trigger` container. */
export interface Model {
  name: string;
  desc?: string | null;
  stages: Stage[];
  labels?: string[] | null;
  instanceFromTemplate?: boolean | null;
  pipelineCreator?: string | null;
  projectId?: string | null;
  pipelineId?: string | null;
  templateId?: string | null;
  srcTemplateId?: string | null;
  tips?: string | null;
  events?: Record<string, unknown> | null;
  staticViews?: string[] | null;
  resources?: { repositories?: unknown[]; pools?: unknown[] } | null;
  template?: TemplateInstanceDescriptor | null;
  overrideTemplateField?: TemplateInstanceField | null;
  publicVarGroups?: PublicVarGroupRef[] | null;
  latestVersion?: number;
  [runtime: string]: unknown;
}

/** `stages[0].containers[0]`, BK-CI's `getTriggerContainer()`. */
export function getTriggerContainer(model: Model): TriggerContainer {
  return model.stages[0].containers[0] as TriggerContainer;
}

/** The trigger container, or undefined when the model has no stage or no container yet. */
export function findTriggerContainer(model: Model): TriggerContainer | undefined {
  return model.stages[0]?.containers[0] as TriggerContainer | undefined;
}

/** BK-CI's `Model.defaultModel()`: a trigger stage with one manual trigger. */
export function defaultModel(name: string): Model {
  return {
    name,
    desc: '',
    stages: [
      {
        id: 'stage-1',
        containers: [
          {
            '@type': 'trigger',
            id: '0',
            name: 'trigger',
            params: [],
            elements: [{ '@type': 'manualTrigger', id: 'T-1-1-1', name: 'manual' }],
          },
        ],
      },
    ],
  };
}
