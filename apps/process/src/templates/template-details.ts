import { findTriggerContainer, type BuildNo, type Model, type PipelineSetting } from '@bkci/pipeline-model';
import { TemplateResourceVersionEntity } from './entities/template-resource-version.entity';
import { PreviewResponse, previewOf } from './template-yaml-marks';

/** BK-CI PipelineTemplateResource: one version as the console shows it. */
export type TemplateResource = Omit<TemplateResourceVersionEntity, 'createdAt' | 'updatedAt'> & { createTime: number; updateTime: number };

/** BK-CI PipelineTemplateDetailsResponse: a version with its setting and, when YAML can express it, its marked YAML. */
export interface TemplateDetails {
  resource: TemplateResource;
  setting: PipelineSetting;
  buildNo: BuildNo | null;
  params: TemplateResource['params'];
  yamlSupported: boolean;
  yamlPreview: PreviewResponse | null;
  yamlInvalidMsg: string | null;
}

/** Why a version has no YAML: it was stored without one because v3.0 YAML cannot express its model. */
export const YAML_UNSUPPORTED = 'This version uses what v3.0 YAML cannot express';

export function resourceOf(row: TemplateResourceVersionEntity): TemplateResource {
  const { createdAt, updatedAt, ...rest } = row;
  return { ...rest, createTime: createdAt.getTime(), updateTime: updatedAt.getTime() };
}

/** The trigger's build number of a PIPELINE template; other types have none. */
export function buildNoOf(row: TemplateResourceVersionEntity): BuildNo | null {
  if (row.type !== 'PIPELINE') return null;
  return findTriggerContainer(row.model as Model)?.buildNo ?? null;
}

export function detailsOf(row: TemplateResourceVersionEntity, setting: PipelineSetting): TemplateDetails {
  return {
    resource: resourceOf(row),
    setting,
    buildNo: buildNoOf(row),
    params: row.params,
    yamlSupported: row.yaml !== null,
    yamlPreview: row.yaml === null ? null : previewOf(row.yaml),
    yamlInvalidMsg: row.yaml === null ? YAML_UNSUPPORTED : null,
  };
}
