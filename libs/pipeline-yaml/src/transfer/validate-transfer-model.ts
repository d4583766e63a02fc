import { defaultModel, validateModel } from '@bkci/pipeline-model';
import { YamlError, YamlErrorCode } from '../yaml-error';
import type { Model } from '@bkci/pipeline-model';
import type { TransferResult } from './types';

/** A Model side to check: what yamlToModel produces, or what modelToYaml is given (no setting needed). */
export type ModelToCheck = { kind: 'PIPELINE'; model: Model } | Exclude<TransferResult, { kind: 'PIPELINE' }>;

/**
 * validateModel checks whole pipelines, so a template's content is set into a default pipeline first
 * and the reported path is rewritten to the template model's own (`stages[2]` → `stages[1]`,
 * `stages[1].containers[0]` → `containers[0]` or `container`, trigger params → `params`).
 */
export function assertValidModel(result: ModelToCheck, file: string): void {
  const host = defaultModel('template');
  const trigger = host.stages[0].containers[0];
  let rebase = (path: string): string => path;
  switch (result.kind) {
    case 'PIPELINE':
      return report(validateModel(result.model), (path) => path, file);
    case 'STAGE':
      // The template numbers its stages from stage-1, which the host's trigger stage already uses.
      host.stages.push(...result.model.stages.map((stage, index) => ({ ...stage, id: `stage-${index + 2}` })));
      rebase = (path) => path.replace(/^stages\[(\d+)\]/, (_, index: string) => `stages[${Number(index) - 1}]`);
      break;
    case 'JOB':
      host.stages.push({ id: 'stage-2', containers: result.model.containers });
      rebase = (path) => path.replace(/^stages\[1\]\.containers/, 'containers');
      break;
    case 'STEP':
      host.stages.push({ id: 'stage-2', containers: [result.model.container] });
      rebase = (path) => path.replace(/^stages\[1\]\.containers\[0\]/, 'container');
      break;
    case 'VARIABLE':
      Object.assign(trigger, { params: result.model.params });
      rebase = (path) => path.replace(/^stages\[0\]\.containers\[0\]\.params/, 'params');
      break;
  }
  report(validateModel(host), rebase, file);
}

function report(outcome: ReturnType<typeof validateModel>, rebase: (path: string) => string, file: string): void {
  if (outcome.ok) return;
  const [first, ...rest] = outcome.errors;
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  throw new YamlError(YamlErrorCode.MODEL_INVALID, `${rebase(first.path)} ${first.message}${more}`, { file });
}
