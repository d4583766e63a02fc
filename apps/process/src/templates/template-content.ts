import {
  BuildFormProperty,
  defaultModel,
  findTriggerContainer,
  knownSettingFields,
  Model,
  PipelineSetting,
  PipelineTemplateType,
  RUN_LOCK_TYPES,
  TemplateModel,
  validateTemplateModel,
} from '@bkci/pipeline-model';
import { YamlError } from '@bkci/pipeline-yaml';
import { YamlWorkers } from '../yaml-workers/yaml-workers';
import { TemplateError, TemplateErrorCode } from './template.errors';
import type { TemplateContent } from './version/template-version.context';

/** The largest model accepted, as JSON: far beyond any real pipeline, a bound on what one request may store. */
export const MAX_MODEL_BYTES = 4 * 1024 * 1024;

/** The content of a new, empty template of `type` (BK-CI's default model per type). */
export function emptyTemplateModel(type: PipelineTemplateType, name: string): TemplateModel {
  switch (type) {
    case 'PIPELINE':
      return defaultModel(name);
    case 'STAGE':
      return { '@type': 'stage', stages: [] };
    case 'JOB':
      return { '@type': 'job', containers: [] };
    case 'STEP':
      return { '@type': 'step', container: { '@type': 'vmBuild', id: '1', name: 'Job', baseOS: 'LINUX', elements: [] } as never };
    case 'VARIABLE':
      return { '@type': 'variable', params: [] };
  }
}

/** BK-CI's default setting; a PIPELINE template notifies the build's starter on failure. */
export function defaultSetting(type: PipelineTemplateType, name: string, desc: string): PipelineSetting {
  const failSubscriptionList =
    type === 'PIPELINE'
      ? [{ types: ['RTX'], groups: [], users: '${{ci.actor}}', wechatGroupFlag: false, wechatGroup: '', wechatGroupMarkdownFlag: false, detailFlag: false, content: '' }]
      : [];
  return { pipelineName: name, desc, labels: [], runLockType: 'MULTIPLE', successSubscriptionList: [], failSubscriptionList };
}

/** A client's setting over the defaults, without fields BK-CI's PipelineSetting lacks; a wrong field is INPUT_INVALID naming it. */
export function readSetting(raw: Record<string, unknown> | undefined, fallback: PipelineSetting): PipelineSetting {
  if (raw === undefined) return fallback;
  const setting = { ...fallback, ...(knownSettingFields(raw) as Partial<PipelineSetting>) };
  if (typeof setting.pipelineName !== 'string' || setting.pipelineName.trim() === '' || setting.pipelineName.length > 128) {
    throw invalid('templateSetting.pipelineName must be a name of 1 to 128 characters');
  }
  if (typeof setting.desc !== 'string') throw invalid('templateSetting.desc must be a string');
  if (!(RUN_LOCK_TYPES as readonly string[]).includes(setting.runLockType)) {
    throw invalid(`templateSetting.runLockType must be one of ${RUN_LOCK_TYPES.join(', ')}`);
  }
  if (setting.labels !== undefined && !(Array.isArray(setting.labels) && setting.labels.every((label) => typeof label === 'string'))) {
    throw invalid('templateSetting.labels must be a list of strings');
  }
  return setting;
}

/**
 * Checks a model for a template of `type`: MODEL_INVALID names the JSON path; a huge one is MODEL_TOO_LARGE.
 * Returns it without the top-level fields its type does not declare.
 */
export function checkModel(type: PipelineTemplateType, model: unknown): TemplateModel {
  const bytes = Buffer.byteLength(JSON.stringify(model ?? null), 'utf8');
  if (bytes > MAX_MODEL_BYTES) {
    throw new TemplateError(TemplateErrorCode.MODEL_TOO_LARGE, `The model is ${bytes} bytes; the limit is ${MAX_MODEL_BYTES}`);
  }
  const outcome = validateTemplateModel(type, model);
  if (!outcome.ok) {
    const [first, ...rest] = outcome.errors;
    const more = rest.length > 0 ? ` (and ${rest.length} more)` : '';
    throw new TemplateError(TemplateErrorCode.MODEL_INVALID, `${first.path} ${first.message}${more}`, { errors: outcome.errors });
  }
  return outcome.model;
}

/** The params a version carries: the trigger's for a pipeline, the list itself for variables. */
export function paramsOf(type: PipelineTemplateType, model: TemplateModel): BuildFormProperty[] {
  if (type === 'PIPELINE') {
    return findTriggerContainer(model as Model)?.params ?? [];
  }
  if (type === 'VARIABLE') return (model as { params: BuildFormProperty[] }).params;
  return [];
}

/**
 * Content from a model: params taken from it, YAML generated (on a worker thread) when v3.0 can
 * express the model within the conversion budget.
 */
export async function contentOf(workers: YamlWorkers, type: PipelineTemplateType, model: TemplateModel, setting: PipelineSetting): Promise<TemplateContent> {
  let yaml: string | null;
  try {
    yaml = await workers.modelToYaml(model, { setting: type === 'PIPELINE' ? setting : undefined });
  } catch (error) {
    if (!(error instanceof YamlError)) throw error;
    yaml = null;
  }
  return { model, setting, params: paramsOf(type, model), yaml };
}

export function invalid(message: string): TemplateError {
  return new TemplateError(TemplateErrorCode.INPUT_INVALID, message);
}
