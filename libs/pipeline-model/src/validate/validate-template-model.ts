import type { PipelineTemplateType } from '../enums';
import type { TemplateModel } from '../template-model.types';
import { defaultModel } from '../model.types';
import { isObject, ModelIssue } from './checks';
import { validateModel } from './validate-model';

export type ValidateTemplateModelResult = { ok: true; model: TemplateModel } | { ok: false; errors: ModelIssue[] };

/** Each template type's `@type` and the key that holds its content (`TemplateModel`). */
const CONTENT: Record<Exclude<PipelineTemplateType, 'PIPELINE'>, { type: string; key: string; list: boolean }> = {
  STAGE: { type: 'stage', key: 'stages', list: true },
  JOB: { type: 'job', key: 'containers', list: true },
  STEP: { type: 'step', key: 'container', list: false },
  VARIABLE: { type: 'variable', key: 'params', list: true },
};

/**
 * Checks a template's content. A PIPELINE template is a whole Model. The others are checked the way
 * BK-CI checks them, set into a default pipeline, and each problem's path is rewritten to the
 * template model's own (`stages[2]` → `stages[1]`, `stages[1].containers[0]` → `containers[0]` or
 * `container`, trigger params → `params`). A valid one comes back with only its type's own top-level
 * fields (the Model's, or `@type` and the content key).
 */
export function validateTemplateModel(type: PipelineTemplateType, json: unknown): ValidateTemplateModelResult {
  if (type === 'PIPELINE') {
    const outcome = validateModel(json);
    return outcome.ok ? { ok: true, model: outcome.model } : outcome;
  }
  const { type: tag, key, list } = CONTENT[type];
  if (!isObject(json)) return failed('(root)', `a ${type} template model must be a JSON object`);
  if (json['@type'] !== tag) return failed('@type', `must be "${tag}" for a ${type} template`);
  const content = json[key];
  if (list ? !Array.isArray(content) : !isObject(content)) return failed(key, `is required and must be ${list ? 'an array' : 'an object'}`);

  const host = defaultModel('template');
  let rebase: (path: string) => string;
  switch (type) {
    case 'STAGE':
      // The template numbers its stages from stage-1, which the host's trigger stage already uses.
      host.stages.push(...(content as object[]).map((stage, index) => ({ ...stage, id: `stage-${index + 2}` }) as never));
      rebase = (path) => path.replace(/^stages\[(\d+)\]/, (_, index: string) => `stages[${Number(index) - 1}]`);
      break;
    case 'JOB':
      host.stages.push({ id: 'stage-2', containers: content as never });
      rebase = (path) => path.replace(/^stages\[1\]\.containers/, 'containers');
      break;
    case 'STEP':
      host.stages.push({ id: 'stage-2', containers: [content as never] });
      rebase = (path) => path.replace(/^stages\[1\]\.containers\[0\]/, 'container');
      break;
    case 'VARIABLE':
      Object.assign(host.stages[0].containers[0], { params: content });
      rebase = (path) => path.replace(/^stages\[0\]\.containers\[0\]\.params/, 'params');
      break;
  }
  const outcome = validateModel(host);
  if (outcome.ok) return { ok: true, model: { '@type': tag, [key]: content } as unknown as TemplateModel };
  return { ok: false, errors: outcome.errors.map((issue) => ({ ...issue, path: rebase(issue.path) })) };
}

function failed(path: string, message: string): ValidateTemplateModelResult {
  return { ok: false, errors: [{ path, message }] };
}
