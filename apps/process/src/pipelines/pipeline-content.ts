import { CommonError, CommonErrorCode } from '@bkci/core';
import { knownSettingFields, Model, PipelineSetting, RUN_LOCK_TYPES } from '@bkci/pipeline-model';
import { YamlWorkers } from '../yaml-workers/yaml-workers';
import { ModelAndSettingBody, PipelineStorageType } from './dto/pipeline-draft.dto';
import { checkDesc, checkModel, checkPipelineName, MAX_YAML_BYTES, yamlPreviewOf } from './pipeline-resource';
import { PipelineError, PipelineErrorCode } from './pipeline.errors';

/** A pipeline's content as saved: the Model, its setting, and its YAML (the client's own text for a YAML pipeline). */
export interface PipelineContent {
  model: Model;
  setting: PipelineSetting;
  /** Null when v3.0 cannot express a Model-edited pipeline. */
  yaml: string | null;
  storageType: PipelineStorageType;
}

/** What a client sends: a Model with its setting, or v3.0 YAML. */
export interface ContentInput {
  storageType?: PipelineStorageType;
  modelAndSetting?: ModelAndSettingBody;
  yaml?: string;
  /** Names the pipeline when the YAML has no `name:` (BK-CI's yamlFileName), without its extension. */
  yamlFileName?: string;
}

/** The file name YAML errors are reported in (`pipeline.yml:3:5: …`). */
const YAML_FILE = 'pipeline.yml';

/**
 * The content of a save, checked: YAML through the transfer (a YamlError names line and column), a
 * Model through the Model's validation (a MODEL_INVALID names the JSON path). `fallback` is the
 * setting the pipeline has now (or BK-CI's defaults for a new one); the client's setting, or the
 * YAML's, goes over it. A Model's YAML is written into `previousYaml`, the YAML the pipeline has now.
 */
export async function readContent(workers: YamlWorkers, input: ContentInput, fallback: PipelineSetting, previousYaml: string | null = null): Promise<PipelineContent> {
  if ((input.storageType ?? 'MODEL') === 'YAML') {
    if (input.yaml === undefined || input.yaml.trim() === '') throw invalid('storageType YAML needs yaml, the v3.0 YAML of the pipeline');
    // The YAML is stored as written, so it must fit its column: a bigger file is FILE_TOO_LARGE.
    const transferred = await workers.yamlToModel(input.yaml, { file: input.yamlFileName ?? YAML_FILE, kind: 'PIPELINE', limits: { maxFileBytes: MAX_YAML_BYTES } });
    if (transferred.kind !== 'PIPELINE') throw invalid('The YAML is not a pipeline');
    const name = transferred.setting.pipelineName || stripExtension(input.yamlFileName) || fallback.pipelineName;
    if (!name) throw invalid(`${input.yamlFileName ?? YAML_FILE}: the YAML has no \`name:\`; add one (for example \`name: my-pipeline\`)`);
    return named(transferred.model, { ...fallback, ...transferred.setting }, input.yaml, 'YAML', name);
  }
  const content = readModelContent(input.modelAndSetting, fallback);
  const preview = await yamlPreviewOf(workers, content.model, content.setting);
  return { ...content, yaml: preview && previousYaml ? await keepComments(workers, previousYaml, preview) : preview };
}

/**
 * A Model edit written into the YAML the pipeline had, so its author's comments and layout survive
 * (BK-CI merges with the old YAML too); the plain preview when the merge would not fit the column.
 */
async function keepComments(workers: YamlWorkers, previousYaml: string, preview: string): Promise<string> {
  const merged = await workers.mergeYaml(previousYaml, preview);
  return Buffer.byteLength(merged, 'utf8') > MAX_YAML_BYTES ? preview : merged;
}

/** A Model with its setting, checked (its `yaml` is null: the caller makes the preview it needs). */
export function readModelContent(modelAndSetting: ModelAndSettingBody | undefined, fallback: PipelineSetting): PipelineContent {
  if (modelAndSetting?.model === undefined) throw invalid('storageType MODEL needs modelAndSetting.model, the pipeline Model');
  const model = checkModel(modelAndSetting.model);
  return named(model, readSetting(modelAndSetting.setting, fallback), null, 'MODEL', model.name);
}

/** The Model and setting under one checked name and description (BK-CI keeps them equal). */
function named(model: Model, setting: PipelineSetting, yaml: string | null, storageType: PipelineStorageType, name: string): PipelineContent {
  const pipelineName = checkPipelineName(name);
  const desc = checkDesc(model.desc || setting.desc || '');
  return { model: { ...model, name: pipelineName, desc }, setting: { ...setting, pipelineName, desc }, yaml, storageType };
}

/** A client's setting over `fallback`, without fields BK-CI's PipelineSetting lacks; a wrong field is a 400 naming it. */
export function readSetting(raw: Record<string, unknown> | undefined, fallback: PipelineSetting): PipelineSetting {
  if (raw === undefined || raw === null) return fallback;
  const setting = { ...fallback, ...(knownSettingFields(raw) as Partial<PipelineSetting>) };
  if (typeof setting.desc !== 'string') throw invalid('modelAndSetting.setting.desc must be a string');
  if (!(RUN_LOCK_TYPES as readonly string[]).includes(setting.runLockType)) {
    throw invalid(`modelAndSetting.setting.runLockType must be one of ${RUN_LOCK_TYPES.join(', ')}`);
  }
  if (setting.labels !== undefined && !(Array.isArray(setting.labels) && setting.labels.every((label) => typeof label === 'string'))) {
    throw invalid('modelAndSetting.setting.labels must be a list of strings');
  }
  return setting;
}

function stripExtension(fileName: string | undefined): string {
  return (fileName ?? '').replace(/^.*\//, '').replace(/\.ya?ml$/i, '');
}

function invalid(message: string): CommonError {
  return new CommonError(CommonErrorCode.PARAMETER_INVALID, message);
}

/** A draft or release that does not exist. */
export function draftNotFound(pipelineId: string, version?: number): PipelineError {
  const which = version === undefined ? 'a draft' : `a draft version ${version}`;
  return new PipelineError(PipelineErrorCode.VERSION_NOT_FOUND, `Pipeline ${pipelineId} has no ${which}; save a draft first (saveDraft)`);
}
