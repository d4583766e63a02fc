import { defaultModel } from '@bkci/pipeline-model';
import { mergeYaml, modelToYaml, YamlError, yamlToModel } from '@bkci/pipeline-yaml';
import { serveTasks } from './worker-pool';

/** How a YamlError crosses to the main thread: what it takes to build the same error there. */
export interface SentYamlError {
  yaml: { code: number; reason: string; location: YamlError['location'] };
}

/** Any other error: a bug, reported as such (500) with the thread's stack. */
export interface SentInternalError {
  internal: { message: string; stack: string | undefined };
}

// The entry of a YAML worker thread (see YamlWorkers). One conversion each way first, so what is
// built on first use (the schema validator) is not charged to the first client's time budget.
yamlToModel(modelToYaml(defaultModel('warm-up')), { file: 'warm-up.yml' });
serveTasks({ yamlToModel, modelToYaml, mergeYaml }, (error): SentYamlError | SentInternalError =>
  error instanceof YamlError
    ? { yaml: { code: error.code, reason: error.reason, location: error.location } }
    : { internal: { message: error instanceof Error ? error.message : String(error), stack: error instanceof Error ? error.stack : undefined } },
);
