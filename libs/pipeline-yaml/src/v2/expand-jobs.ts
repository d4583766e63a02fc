import { isPlainObject } from '@bkci/expressions';
import { YamlError, YamlErrorCode } from '../yaml-error';
import { formatError, isNil, keywordError, list, map, optionalMap, required, str, YamlMap } from './coerce';
import { CallerParameters } from './parameters';
import { buildJob, buildStep } from './pre-objects';
import { ExpansionContext, Frame, TemplateKind } from './template-context';

/** Job ids longer than this are refused (BK-CI: ids may be numbers, so the schema cannot check). */
export const MAX_JOB_ID_LENGTH = 64;

/** `parameters:` next to a template reference. */
export function callerParameters(file: string, entry: YamlMap): CallerParameters {
  return optionalMap(file, 'parameters', entry.parameters);
}

/** The `template:` list of a jobs or variables map: `[{name, parameters}]`. */
export function templateItems(frame: Frame, kind: TemplateKind, value: unknown): Array<{ path: string; caller: CallerParameters }> {
  return list(frame.file.id, kind, value).map((raw) => {
    const item = map(frame.file.id, kind, raw);
    return { path: str(required(frame.file.id, 'template', item, 'name'))!, caller: callerParameters(frame.file.id, item) };
  });
}

export function duplicateError(frame: Frame, ids: string[], templateId: string | null): never {
  const message =
    templateId === null
      ? `[${frame.file.id}] Format error: IDs [${ids.join(', ')}] are duplicated`
      : `Format error: ID [${ids.join(', ')}] in template [${frame.file.id}] and template [${templateId}] are duplicated`;
  throw new YamlError(YamlErrorCode.DUPLICATE_ID, message, { file: frame.file.file });
}

/** Expands a `steps:` list: step templates are inlined, other entries become steps. */
export async function expandSteps(ctx: ExpansionContext, frame: Frame, value: unknown): Promise<YamlMap[] | null> {
  if (isNil(value)) return null;
  const steps: YamlMap[] = [];
  for (const raw of list(frame.file.id, 'step', value)) {
    const step = map(frame.file.id, 'step', raw);
    if (!Object.prototype.hasOwnProperty.call(step, 'template')) {
      steps.push(buildStep(frame.file.id, step));
      continue;
    }
    const instance = await ctx.instantiate('step', frame, str(step.template) ?? 'null', callerParameters(frame.file.id, step));
    if (isNil(instance.data.steps)) keywordError(instance.file.id, 'step');
    steps.push(...((await expandSteps(ctx, instance.frame, instance.data.steps)) ?? []));
  }
  return steps;
}

/**
 * Expands a `jobs:` (or `finally:`) map. `template: [{name, parameters}]` entries are inlined in
 * place; a job id that appears twice, inline or from templates, is DUPLICATE_ID.
 */
export async function expandJobs(ctx: ExpansionContext, frame: Frame, value: unknown): Promise<Map<string, YamlMap>> {
  const jobs = map(frame.file.id, 'job', value);
  const inline = new Set(Object.keys(jobs).filter((key) => key !== 'template'));
  const out = new Map<string, YamlMap>();
  for (const [key, raw] of Object.entries(jobs)) {
    if (key !== 'template') {
      if (key.length > MAX_JOB_ID_LENGTH) {
        formatError(frame.file.id, `job id ${key} is longer than ${MAX_JOB_ID_LENGTH} characters`);
      }
      if (out.has(key)) duplicateError(frame, [key], null);
      if (!isPlainObject(raw)) keywordError(frame.file.id, 'job');
      const steps = await expandSteps(ctx, frame, (raw as YamlMap).steps);
      out.set(key, buildJob(frame.file.id, raw as YamlMap, steps));
      continue;
    }
    for (const item of templateItems(frame, 'job', raw)) {
      const instance = await ctx.instantiate('job', frame, item.path, item.caller);
      if (isNil(instance.data.jobs)) keywordError(instance.file.id, 'job');
      const expanded = await expandJobs(ctx, instance.frame, instance.data.jobs);
      const clashes = [...expanded.keys()].filter((id) => out.has(id) || inline.has(id));
      if (clashes.length > 0) duplicateError(frame, clashes, instance.file.id);
      for (const [id, job] of expanded) out.set(id, job);
    }
  }
  return out;
}
