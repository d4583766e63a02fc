import type { BuildFormProperty, BuildNo } from '@bkci/pipeline-model';
import { TemplatePipelineEntity } from '../entities/template-pipeline.entity';

/** BK-CI's PipelineInstanceTypeEnum: FREEDOM = created from a template, then detached. */
export type TemplateInstanceType = 'FREEDOM' | 'CONSTRAINT';

/** BK-CI's TemplatePipelineStatus. */
export type TemplatePipelineStatus = 'PENDING_UPDATE' | 'UPDATING' | 'UPDATED' | 'FAILED';

export interface TemplatePipelineRelationInput {
  projectId: string;
  pipelineId: string;
  templateId: string;
  templateVersion: number;
  templateVersionName: string;
  /** Default CONSTRAINT. */
  instanceType?: TemplateInstanceType;
  /** Default: templateId. */
  rootTemplateId?: string;
  buildNo?: BuildNo | null;
  params: BuildFormProperty[];
  /** Default UPDATED. */
  status?: TemplatePipelineStatus;
  instanceErrorInfo?: string | null;
  /** Who instantiated: the creator of a new relation, the updater always. */
  userId: string;
}

export interface TemplatePipelineRelation {
  projectId: string;
  pipelineId: string;
  templateId: string;
  templateVersion: number;
  templateVersionName: string;
  instanceType: TemplateInstanceType;
  rootTemplateId: string;
  buildNo: BuildNo | null;
  params: BuildFormProperty[];
  status: TemplatePipelineStatus;
  instanceErrorInfo: string | null;
  creator: string;
  updater: string;
  createTime: number;
  updateTime: number;
}

/** A relation with what the instance list shows of its pipeline. */
export interface TemplatePipelineInstance extends TemplatePipelineRelation {
  pipelineName: string;
  pipelineVersion: number;
  pipelineVersionName: string;
}

/** BK-CI's TemplateSortTypeEnum: what an instance list is ordered by (default UPDATE_TIME). */
export const TEMPLATE_SORT_TYPES = ['PIPELINE_NAME', 'VERSION', 'UPDATE_TIME', 'STATUS'] as const;
export type TemplateSortType = (typeof TEMPLATE_SORT_TYPES)[number];

export interface TemplateRelationQuery {
  page?: number;
  pageSize?: number;
  /**
   * PENDING_UPDATE is never stored: it is an UPDATED instance of another version than the template's
   * latest release (`releasedVersion`), so UPDATED means made from that release.
   */
  status?: TemplatePipelineStatus;
  releasedVersion?: number | null;
  /** Matches names containing it. */
  pipelineName?: string;
  /** Matches updaters containing it. */
  updater?: string;
  templateVersion?: number;
  instanceType?: TemplateInstanceType;
  sortType?: TemplateSortType;
  /** Default true. */
  desc?: boolean;
}

export function toTemplateRelation(row: TemplatePipelineEntity): TemplatePipelineRelation {
  return {
    projectId: row.projectId,
    pipelineId: row.pipelineId,
    templateId: row.templateId,
    templateVersion: row.templateVersion,
    templateVersionName: row.templateVersionName,
    instanceType: row.instanceType as TemplateInstanceType,
    rootTemplateId: row.rootTemplateId,
    buildNo: row.buildNo as BuildNo | null,
    params: row.params as BuildFormProperty[],
    status: row.status as TemplatePipelineStatus,
    instanceErrorInfo: row.instanceErrorInfo,
    creator: row.creator,
    updater: row.updater,
    createTime: row.createdAt.getTime(),
    updateTime: row.updatedAt.getTime(),
  };
}
