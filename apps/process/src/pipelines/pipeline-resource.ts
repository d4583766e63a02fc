import { Caller } from '@bkci/auth';
import { CommonError, CommonErrorCode, newId } from '@bkci/core';
import { DEFAULT_CONCURRENCY_GROUP, Model, PipelineSetting, validateModel } from '@bkci/pipeline-model';
import { YamlError } from '@bkci/pipeline-yaml';
import { YamlWorkers } from '../yaml-workers/yaml-workers';
import { CreatePipelineInput, DRAFT_STATUS, PipelineVersion, PipelineVersionAction, RELEASED_STATUS } from './dto/pipeline.dto';
import { PipelineError, PipelineErrorCode } from './pipeline.errors';

/** BK-CI's checkPipelineName limit is configurable; this is ours. The column holds 255. */
export const MAX_PIPELINE_NAME_LENGTH = 128;
const MAX_DESC_LENGTH = 255;
const MAX_VERSION_NAME_LENGTH = 64;
/**
 * MariaDB's TEXT holds 64 KiB: a larger preview is dropped rather than failing the save, and a YAML
 * pipeline larger than that is refused.
 */
export const MAX_YAML_BYTES = 65535;

/** The Model, or a 400 naming the JSON path of the first problem (all of them in `data`). */
export function checkModel(json: unknown): Model {
  const result = validateModel(json);
  if (result.ok) return result.model;
  const [first] = result.errors;
  const more = result.errors.length > 1 ? ` (and ${result.errors.length - 1} more problems)` : '';
  throw new PipelineError(
    PipelineErrorCode.MODEL_INVALID,
    `Invalid pipeline model: ${first.path}: ${first.message}${more}`,
    result.errors,
  );
}

export function checkPipelineName(name: string): string {
  if (name.trim().length === 0 || name.length > MAX_PIPELINE_NAME_LENGTH) {
    throw new PipelineError(
      PipelineErrorCode.NAME_INVALID,
      `A pipeline name must be 1–${MAX_PIPELINE_NAME_LENGTH} characters and not blank`,
    );
  }
  return name;
}

export function checkDesc(desc: string): string {
  if (desc.length > MAX_DESC_LENGTH) {
    throw new PipelineError(PipelineErrorCode.DESC_TOO_LONG, `A pipeline description is at most ${MAX_DESC_LENGTH} characters`);
  }
  return desc;
}

export function checkVersionName(versionName: string): string {
  if (versionName.trim().length === 0 || versionName.length > MAX_VERSION_NAME_LENGTH) {
    throw new CommonError(
      CommonErrorCode.PARAMETER_INVALID,
      `A version name must be 1–${MAX_VERSION_NAME_LENGTH} characters and not blank`,
    );
  }
  return versionName;
}

/** BK-CI's PipelineSetting defaults for a new pipeline (the values the v3.0 YAML leaves out). */
export function defaultSetting(pipelineName: string, desc: string): PipelineSetting {
  return {
    pipelineName,
    desc,
    labels: [],
    buildNumRule: null,
    successSubscriptionList: [],
    failSubscriptionList: [],
    runLockType: 'MULTIPLE',
    waitQueueTimeMinute: 480,
    maxQueueSize: 10,
    concurrencyGroup: DEFAULT_CONCURRENCY_GROUP,
    concurrencyCancelInProgress: false,
    maxConRunningQueueSize: 50,
    failIfVariableInvalid: false,
    buildCancelPolicy: 'EXECUTE_PERMISSION',
  };
}

/**
 * The v3.0 YAML of the model, made on a worker thread, or null when v3.0 cannot express it or the
 * conversion is over budget: such a model is still a valid pipeline, it only has no YAML view.
 */
export async function yamlPreviewOf(workers: YamlWorkers, model: Model, setting: PipelineSetting): Promise<string | null> {
  let yaml: string;
  try {
    yaml = await workers.modelToYaml(model, { setting });
  } catch (error) {
    if (error instanceof YamlError) return null;
    throw error;
  }
  return Buffer.byteLength(yaml, 'utf8') > MAX_YAML_BYTES ? null : yaml;
}

/** The info and first version rows of a new pipeline, checked. Not in a transaction: the preview waits for a worker thread. */
export async function newPipelineRows(workers: YamlWorkers, caller: Caller, projectId: string, input: CreatePipelineInput, now: Date) {
  const model = checkModel(input.model);
  const pipelineName = checkPipelineName(input.pipelineName ?? model.name);
  const desc = checkDesc(input.desc ?? model.desc ?? '');
  const setting = { ...(input.setting ?? defaultSetting(pipelineName, desc)), pipelineName, desc };
  const stored = { ...model, name: pipelineName, desc };
  const pipelineId = input.pipelineId ?? newId();
  const versionName = 'V1';
  const info = {
    pipelineId,
    projectId,
    pipelineName,
    activeName: pipelineName,
    desc,
    latestVersion: 1,
    latestVersionName: versionName,
    instanceFromTemplate: input.instanceFromTemplate ?? model.instanceFromTemplate === true,
    creator: caller.userId,
    updater: caller.userId,
    createdAt: now,
    updatedAt: now,
    deleted: false,
    revision: 1,
  };
  const version = await versionRow(workers, { pipelineId, projectId, version: 1, versionName, model: stored, setting, baseVersion: null, versionAction: input.versionAction, creator: caller.userId, now, yaml: input.yaml });
  if (!input.draft) return { info, version };
  // A pipeline created as a draft has no release yet: version 0 is "none" until the draft is released.
  return { info: { ...info, latestVersion: 0, latestVersionName: '' }, version: { ...version, versionName: '', status: DRAFT_STATUS, versionAction: 'SAVE_DRAFT' } };
}

/** A RELEASED version row (a draft row is made from one), with the YAML preview of its model. Not in a transaction: the preview waits for a worker thread. */
export async function versionRow(
  workers: YamlWorkers,
  row: Pick<PipelineVersion, 'pipelineId' | 'projectId' | 'version' | 'versionName' | 'model' | 'setting' | 'baseVersion' | 'creator'> & {
    versionAction: PipelineVersionAction | undefined;
    now: Date;
    /** A YAML pipeline's own text; without it, the YAML preview of the model. */
    yaml?: string;
  },
) {
  const { model, setting, versionAction, now, yaml, ...rest } = row;
  return {
    ...rest,
    model,
    setting,
    yaml: yaml ?? (await yamlPreviewOf(workers, model, setting)),
    status: RELEASED_STATUS,
    versionAction: versionAction ?? 'CREATE_RELEASE',
    createdAt: now,
  };
}
