import { validateTemplateModel } from '@bkci/pipeline-model';
import { YamlError, YamlErrorCode } from '../yaml-error';
import type { TransferKind } from './types';

/** Checks a Model side (what yamlToModel produced, or what modelToYaml is given): MODEL_INVALID names the first problem's JSON path. */
export function assertValidModel(kind: TransferKind, model: unknown, file: string): void {
  const outcome = validateTemplateModel(kind, model);
  if (outcome.ok) return;
  const [first, ...rest] = outcome.errors;
  const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
  throw new YamlError(YamlErrorCode.MODEL_INVALID, `${first.path} ${first.message}${more}`, { file });
}
