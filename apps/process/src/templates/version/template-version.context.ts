import type { Caller } from '@bkci/auth';
import type { BuildFormProperty, PipelineSetting, PipelineTemplateType, TemplateModel } from '@bkci/pipeline-model';
import type { TemplateMode } from '@bkci/template-version';

/** What a template version holds. */
export interface TemplateContent {
  model: TemplateModel;
  setting: PipelineSetting;
  params: BuildFormProperty[];
  /** v3.0 YAML of the model; null when YAML cannot express it. */
  yaml: string | null;
}

/** Head-row fields of a template the operation creates. */
export interface NewTemplate {
  mode: TemplateMode;
  category: string[];
  logoUrl: string;
  srcTemplateId: string | null;
  srcTemplateProjectId: string | null;
}

/** Operation log types (BK-CI's operationLogType). */
export type TemplateOperation =
  | 'CREATE_TEMPLATE'
  | 'SAVE_DRAFT_VERSION'
  | 'RELEASE_MASTER_VERSION'
  | 'ROLLBACK_DRAFT'
  | 'COPY_TEMPLATE'
  | 'DELETE_VERSION'
  | 'CREATE_BRANCH_VERSION'
  | 'INSTALL_FROM_STORE';

/** BK-CI PipelineTemplateVersionCreateContext: what a converter makes of a request. */
export interface TemplateVersionContext {
  caller: Caller;
  projectId: string;
  templateId: string;
  action: 'SAVE_DRAFT' | 'RELEASE_DRAFT' | 'CREATE_RELEASE' | 'CREATE_BRANCH';
  /** Set when this operation creates the template. */
  newTemplate: NewTemplate | null;
  type: PipelineTemplateType;
  content: TemplateContent;
  /** RELEASE_DRAFT: the draft's version. */
  version: number | null;
  baseVersion: number | null;
  /** SAVE_DRAFT: the save the editor started from (null: no conflict check). */
  baseDraftVersion: number | null;
  customVersionName: string | null;
  description: string | null;
  operation: TemplateOperation;
  /** CREATE_BRANCH: the branch, which names the version. */
  branchName: string | null;
  /** PAC: the template's file under `.ci/templates/` in the bound repository. */
  pacFilePath: string | null;
  /** A store install: the published version this version is a copy of. */
  storeSource: { templateId: string; version: number } | null;
}

/** BK-CI DeployTemplateResult. */
export interface DeployTemplateResult {
  version: number;
  userId: string;
  projectId: string;
  templateId: string;
  templateName: string;
  number: number;
  versionNum: number | null;
  versionName: string | null;
  versionAction: TemplateVersionContext['action'];
  draftVersion: number;
}

/** The head row of a template made in its project (not installed from the store). */
export const CUSTOM_TEMPLATE: NewTemplate = { mode: 'CUSTOMIZE', category: [], logoUrl: '', srcTemplateId: null, srcTemplateProjectId: null };

type RequiredContextFields = 'caller' | 'projectId' | 'templateId' | 'action' | 'type' | 'content' | 'operation';

/** A context whose optional parts are empty unless the converter sets them. */
export function versionContext(fields: Pick<TemplateVersionContext, RequiredContextFields> & Partial<TemplateVersionContext>): TemplateVersionContext {
  return {
    newTemplate: null,
    version: null,
    baseVersion: null,
    baseDraftVersion: null,
    customVersionName: null,
    description: null,
    branchName: null,
    pacFilePath: null,
    storeSource: null,
    ...fields,
  };
}
