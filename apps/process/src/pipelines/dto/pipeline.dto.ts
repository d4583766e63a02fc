import { ApiProperty, ApiSchema } from '@nestjs/swagger';
import type { Model, PipelineSetting } from '@bkci/pipeline-model';
import { PipelineInfoEntity } from '../entities/pipeline-info.entity';
import { PipelineResourceVersionEntity } from '../entities/pipeline-resource-version.entity';

/** BK-CI's PipelineVersionAction: why a version was written. */
export const PIPELINE_VERSION_ACTIONS = [
  'SAVE_DRAFT',
  'CREATE_BRANCH',
  'CREATE_RELEASE',
  'RELEASE_DRAFT',
  'DELETE_VERSION',
  'DELETE_ALL_VERSIONS',
  'INACTIVE_BRANCH',
  'TEMPLATE_INSTANCE',
  'DEPENDENCY_UPGRADE',
] as const;
export type PipelineVersionAction = (typeof PIPELINE_VERSION_ACTIONS)[number];

/** BK-CI's VersionStatus. RELEASED and COMMITTING (a draft) are written; branches do not exist. */
export type VersionStatus = 'RELEASED' | 'COMMITTING' | 'BRANCH' | 'DELETE' | 'HIDDEN';
export const DRAFT_STATUS: VersionStatus = 'COMMITTING';
export const RELEASED_STATUS: VersionStatus = 'RELEASED';

export interface CreatePipelineInput {
  /** Default: a new id. Template instantiation picks ids ahead, so a retried item cannot create twice. */
  pipelineId?: string;
  /** Default: the Model's name. The stored Model and setting carry this name. */
  pipelineName?: string;
  /** Default: the Model's desc. */
  desc?: string;
  model: Model;
  /** Default: BK-CI's default setting under the pipeline's name. */
  setting?: PipelineSetting;
  /** Default CREATE_RELEASE. */
  versionAction?: PipelineVersionAction;
  instanceFromTemplate?: boolean;
  /** A YAML pipeline's own text, stored beside the Model; default: the YAML preview of the Model. */
  yaml?: string;
  /** Create the pipeline with only a draft (BK-CI's saveDraft without a pipelineId): no release yet. */
  draft?: boolean;
}

export interface SavePipelineVersionInput {
  /** Its name renames the pipeline; its instanceFromTemplate, when set, replaces the pipeline's flag. */
  model: Model;
  /** Default: the previous version's setting, under the Model's name. */
  setting?: PipelineSetting;
  /** Default `V{version}`. */
  versionName?: string;
  /** Default CREATE_RELEASE. */
  versionAction?: PipelineVersionAction;
}

export interface SavedPipelineVersion {
  pipelineId: string;
  version: number;
  versionName: string;
}

/** BK-CI's PipelineId, what creating a pipeline answers. */
@ApiSchema({ name: 'PipelineId', description: 'The pipeline created' })
export class PipelineIdDto {
  @ApiProperty({ description: 'The pipeline id' }) id: string;
}

export interface PipelineInfo {
  pipelineId: string;
  projectId: string;
  pipelineName: string;
  desc: string;
  version: number;
  versionName: string;
  instanceFromTemplate: boolean;
  creator: string;
  updater: string;
  /** Epoch milliseconds, as BK-CI sends times. */
  createTime: number;
  updateTime: number;
}

export interface PipelineVersion {
  pipelineId: string;
  projectId: string;
  version: number;
  versionName: string;
  model: Model;
  setting: PipelineSetting;
  yaml: string | null;
  status: string;
  baseVersion: number | null;
  versionAction: string;
  creator: string;
  createTime: number;
}

/** One row of the version history (a trimmed BK-CI PipelineVersionSimple). */
export interface PipelineVersionSummary {
  version: number;
  versionName: string;
  creator: string;
  createTime: number;
  status: string;
}

/**
 * A trimmed BK-CI PipelineVersionWithModel: the model and setting, and the v3.0 YAML when the
 * model can be written as YAML (`yamlPreview` null and `yamlSupported` false otherwise).
 */
export interface PipelineVersionDetail {
  modelAndSetting: { model: Model; setting: PipelineSetting };
  yamlPreview: { yaml: string } | null;
  yamlSupported: boolean;
  version: number;
  versionName: string;
  baseVersion: number | null;
  versionStatus: string;
}

export function toPipelineInfo(row: PipelineInfoEntity): PipelineInfo {
  return {
    pipelineId: row.pipelineId,
    projectId: row.projectId,
    pipelineName: row.pipelineName,
    desc: row.desc,
    version: row.latestVersion,
    versionName: row.latestVersionName,
    instanceFromTemplate: row.instanceFromTemplate,
    creator: row.creator,
    updater: row.updater,
    createTime: row.createdAt.getTime(),
    updateTime: row.updatedAt.getTime(),
  };
}

export function toPipelineVersion(row: PipelineResourceVersionEntity): PipelineVersion {
  return {
    pipelineId: row.pipelineId,
    projectId: row.projectId,
    version: row.version,
    versionName: row.versionName,
    model: row.model as Model,
    setting: row.setting as PipelineSetting,
    yaml: row.yaml,
    status: row.status,
    baseVersion: row.baseVersion,
    versionAction: row.versionAction,
    creator: row.creator,
    createTime: row.createdAt.getTime(),
  };
}

export function toVersionSummary(row: PipelineResourceVersionEntity): PipelineVersionSummary {
  return {
    version: row.version,
    versionName: row.versionName,
    creator: row.creator,
    createTime: row.createdAt.getTime(),
    status: row.status,
  };
}

export function toVersionDetail(version: PipelineVersion): PipelineVersionDetail {
  return {
    modelAndSetting: { model: version.model, setting: version.setting },
    yamlPreview: version.yaml === null ? null : { yaml: version.yaml },
    yamlSupported: version.yaml !== null,
    version: version.version,
    versionName: version.versionName,
    baseVersion: version.baseVersion,
    versionStatus: version.status,
  };
}
